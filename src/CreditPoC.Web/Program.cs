using CreditPoC.Notebooks.Execution;
using CreditPoC.Web;

// `dotnet run --project src/CreditPoC.Web` runs the app with the in-process notebook runner; `creditpoc serve` is
// the usual way, with the CLI's executor.
WebApp.Build(args, () => new NotebookRunner()).Run();

/// <summary>The entry point, for WebApplicationFactory in the tests.</summary>
public partial class Program;
