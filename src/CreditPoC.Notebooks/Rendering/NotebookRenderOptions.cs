namespace CreditPoC.Notebooks.Rendering;

/// <summary>How <see cref="NotebookHtmlRenderer"/> lays out a notebook.</summary>
public sealed record NotebookRenderOptions
{
    /// <summary>Hide code and prompts and show only markdown and outputs, like Papermill's report mode.</summary>
    public bool ReportMode { get; init; }

    /// <summary>The page title; the notebook's file name without extension when null.</summary>
    public string? Title { get; init; }

    /// <summary>A text output (stream, text/plain, traceback) longer than this is cut, with a note saying so.</summary>
    public int MaxTextOutputChars { get; init; } = 20_000;

    /// <summary>A text output with more lines than this is cut, with a note saying so.</summary>
    public int MaxTextOutputLines { get; init; } = 500;
}
