using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Analysis;

namespace CreditPoC.Loading;

/// <summary>
/// Loads a CSV file into a typed <see cref="DataFrame"/>, fast: the file is read into memory once, rows are found
/// with vectorized searches, and row chunks are parsed in parallel straight into the columns' buffers.
/// <list type="bullet">
/// <item>integer → <see cref="Int64DataFrameColumn"/> (64-bit, so that no id or amount ever overflows);
/// float → <see cref="DoubleDataFrameColumn"/>; text → <see cref="StringDataFrameColumn"/> (repeated values
/// share one string instance).</item>
/// <item>An empty cell is a missing value (null) in every column type.</item>
/// <item>Without a schema (or for file columns the schema does not name) the type is inferred from all values:
/// any value that is not a number makes the column text; only whole numbers make it integer; otherwise float.</item>
/// <item>RFC 4180 quoting: fields may be quoted, contain commas, line breaks and doubled quotes.</item>
/// <item>A path ending in .parquet is loaded by <see cref="ParquetTableLoader"/> to the same column types, so every
/// caller (the notebooks' <c>DATA_PATH</c> among them) takes Parquet as well; <see cref="TableFile"/> is the same
/// entry point under a name that does not say CSV.</item>
/// </list>
/// </summary>
public static class CsvTableLoader
{
    private const int ChunkRows = 8 * 1024; // a multiple of 8, so no two chunks share a byte of a null bitmap

    /// <summary>
    /// Loads <paramref name="path"/>. With <paramref name="strict"/> (the default) a schema column the file lacks
    /// or a value that does not parse as its schema type is an error. With <paramref name="strict"/> false, missing
    /// columns are left out and a typed column with unparseable values is loaded as text, so that validation can
    /// report every offending row.
    /// </summary>
    /// <exception cref="UserFacingException">Missing or empty file, no data rows, ragged row, missing schema
    /// columns, or (strict) a value of the wrong type; the message names the file, line and column.</exception>
    /// <param name="allowNoRows">A file with a header and no rows is a table with no rows (a day with no applications), not an error.</param>
    public static DataFrame Load(string path, TableSchema? schema = null, bool strict = true, bool allowNoRows = false)
    {
        if (TableFile.IsParquet(path))
            return ParquetTableLoader.Load(path, schema, strict, allowNoRows);
        return Parse(ReadFile(path), path, schema, strict, allowNoRows);
    }

    /// <summary>A filter on the rows to load: a row is parsed when <see cref="Keep"/> takes its <see cref="Column"/>'s text.</summary>
    internal sealed record RowFilter(string Column, Func<string, bool> Keep)
    {
        /// <summary>The rows the file has, kept or not (set by the load).</summary>
        public int Rows { get; set; }
    }

    /// <summary>
    /// Loads only the rows of a CSV file that <paramref name="filter"/> keeps: the others are found (their line ends)
    /// and their key read, but they are neither parsed nor checked. The file's row count goes to <see cref="RowFilter.Rows"/>.
    /// </summary>
    /// <remarks>The file is read into a pooled buffer: a scan over many daily files allocates no large array per file.</remarks>
    internal static DataFrame LoadWhere(string path, RowFilter filter, TableSchema? schema = null)
    {
        CheckPath(path);
        byte[] buffer;
        int length;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            length = checked((int)file.Length);
            buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
            file.ReadExactly(buffer, 0, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OutOfMemoryException or OverflowException)
        {
            throw new UserFacingException($"cannot read data file {path}: {e.Message}", e);
        }
        try
        {
            if (buffer.AsSpan(0, length).Trim("\r\n \t"u8).IsEmpty)
                throw new UserFacingException($"data file {path} is empty: expected a header line and data rows");
            return Parse(buffer, path, schema, strict: false, allowNoRows: true, filter, length);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Loads CSV text already in memory (<paramref name="bytes"/>: a header and rows); errors name <paramref name="path"/>.</summary>
    /// <param name="length">How many of <paramref name="bytes"/> hold the text (all when negative).</param>
    internal static DataFrame Parse(byte[] bytes, string path, TableSchema? schema = null, bool strict = true, bool allowNoRows = false,
        RowFilter? filter = null, int length = -1)
    {
        var data = bytes.AsSpan(0, length < 0 ? bytes.Length : length);
        int start = data.StartsWith("\uFEFF"u8) ? 3 : 0;

        var headerStarts = new List<int>(1);
        var headerEnds = new List<int>(1);
        CsvText.ScanRows(data, start, headerStarts, headerEnds, maxRows: 1);
        if (headerStarts.Count == 0)
            throw new UserFacingException($"data file {path} is empty: expected a header line and data rows");
        var header = CsvText.Header(data[headerStarts[0]..headerEnds[0]], path);

        var starts = new List<int>(1 << 16);
        var ends = new List<int>(1 << 16);
        int afterHeader = NextLine(data, headerEnds[0]);
        CsvText.ScanRows(data, afterHeader, starts, ends);
        if (filter is not null) Filter(data, header, starts, ends, filter, path);
        if (starts.Count == 0 && !allowNoRows)
            throw new UserFacingException($"data file {path} has a header but no data rows");

        if (schema is not null && strict)
        {
            var missing = schema.Columns.Select(c => c.Name).Where(n => !header.Contains(n)).ToList();
            if (missing.Count > 0)
                throw new UserFacingException(
                    $"data file {path} lacks {missing.Count} column(s) that the schema names: {NameList.Shorten(missing)}");
        }

        var table = new RowTable(bytes, CollectionsMarshal.AsSpan(starts).ToArray(), CollectionsMarshal.AsSpan(ends).ToArray(), header.Length, path);
        var types = new ColumnType?[header.Length];
        for (int c = 0; c < header.Length; c++)
            types[c] = schema?.Find(header[c])?.Type;
        if (types.Any(t => t is null))
            InferTypes(table, types);

        var columns = Parse(table, types.Select(t => t!.Value).ToArray(), header, strict);
        return new DataFrame(columns);
    }

    private static void Filter(ReadOnlySpan<byte> data, string[] header, List<int> starts, List<int> ends, RowFilter filter, string path)
    {
        var key = Array.IndexOf(header, filter.Column);
        if (key < 0)
            throw new UserFacingException($"{path} has no {filter.Column} column in its header");
        filter.Rows = starts.Count;
        var fields = new CsvText.Field[key + 2]; // the key and one more: the rest of the row is not split
        var scratch = new byte[256];
        var kept = 0;
        for (var r = 0; r < starts.Count; r++)
        {
            var found = CsvText.SplitRow(data, starts[r], ends[r], fields);
            var value = found <= key ? "" : CsvText.Decode(CsvText.Value(data, fields[key], ref scratch));
            if (!filter.Keep(value)) continue;
            starts[kept] = starts[r];
            ends[kept] = ends[r];
            kept++;
        }
        starts.RemoveRange(kept, starts.Count - kept);
        ends.RemoveRange(kept, ends.Count - kept);
    }

    private static byte[] ReadFile(string path)
    {
        CheckPath(path);
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0 || bytes.AsSpan().Trim("\r\n \t"u8).IsEmpty)
                throw new UserFacingException($"data file {path} is empty: expected a header line and data rows");
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OutOfMemoryException)
        {
            throw new UserFacingException($"cannot read data file {path}: {e.Message}", e);
        }
    }

    private static void CheckPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new UserFacingException("no data file given (the path is empty)");
        if (Directory.Exists(path))
            throw new UserFacingException($"data file {path} is a folder, not a CSV file");
        if (!File.Exists(path))
            throw new UserFacingException($"data file {path} does not exist");
    }

    private static int NextLine(ReadOnlySpan<byte> data, int end)
    {
        int i = data[end..].IndexOf((byte)'\n');
        return i < 0 ? data.Length : end + i + 1;
    }

    /// <summary>The file's bytes with the position of each data row.</summary>
    private sealed record RowTable(byte[] Bytes, int[] Starts, int[] Ends, int ColumnCount, string Path)
    {
        public int RowCount => Starts.Length;

        public int ChunkCount => (RowCount + ChunkRows - 1) / ChunkRows;

        /// <summary>1-based line number in the file of a 0-based data row.</summary>
        public int LineOf(int row) => Bytes.AsSpan(0, Starts[row]).Count((byte)'\n') + 1;

        public UserFacingException Ragged(int row, int found) => new(
            $"data file {Path}, line {LineOf(row)}: expected {ColumnCount} fields as in the header, found " +
            (found > ColumnCount ? "more" : found.ToString()));
    }

    // An interrupted cell stops between chunks (Parallel.For throws OperationCanceledException).
    private static ParallelOptions Parallelism => new() { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = Interruption.Token };

    private static void InferTypes(RowTable table, ColumnType?[] types)
    {
        // 0 = only empty cells, 1 = integer, 2 = float, 3 = text
        var kinds = new int[types.Length];
        var todo = Enumerable.Range(0, types.Length).Where(c => types[c] is null).ToArray();
        var gate = new object();
        RowError? error = null;
        Parallel.For(0, table.ChunkCount, Parallelism, chunk =>
        {
            var local = new int[types.Length];
            var fields = new CsvText.Field[table.ColumnCount];
            var scratch = new byte[256];
            var data = table.Bytes.AsSpan();
            int last = Math.Min(table.RowCount, (chunk + 1) * ChunkRows);
            for (int row = chunk * ChunkRows; row < last; row++)
            {
                int n = CsvText.SplitRow(data, table.Starts[row], table.Ends[row], fields);
                if (n != table.ColumnCount)
                {
                    lock (gate)
                        if (error is null || row < error.Row)
                            error = new RowError(row, table.Ragged(row, n));
                    return;
                }
                foreach (int c in todo)
                {
                    if (local[c] == 3 || fields[c].Length == 0)
                        continue;
                    var value = CsvText.Value(data, fields[c], ref scratch);
                    if (local[c] <= 1 && CsvText.LooksLikeInteger(value))
                        local[c] = 1;
                    else
                        local[c] = CsvText.TryParseDouble(value, out _) ? 2 : 3;
                }
            }
            lock (gate)
                for (int c = 0; c < kinds.Length; c++)
                    kinds[c] = Math.Max(kinds[c], local[c]);
        });
        if (error is not null)
            throw error.Exception;
        foreach (int c in todo)
            types[c] = kinds[c] switch { 1 => ColumnType.Integer, 3 => ColumnType.Text, _ => ColumnType.Float };
    }

    private sealed record RowError(int Row, UserFacingException Exception);

    private static List<DataFrameColumn> Parse(RowTable table, ColumnType[] types, string[] header, bool strict)
    {
        int rows = table.RowCount, columns = types.Length;
        var targets = new ColumnTarget[columns];
        for (int c = 0; c < columns; c++)
            targets[c] = ColumnTarget.Create(types[c], rows);
        var failed = new bool[columns]; // columns whose values did not parse (lenient mode): reloaded as text
        var gate = new object();
        RowError? error = null;

        Parallel.For(0, table.ChunkCount, Parallelism, chunk =>
        {
            var fields = new CsvText.Field[table.ColumnCount];
            var scratch = new byte[256];
            var interners = new Interner?[columns];
            var nulls = new int[columns];
            var data = table.Bytes.AsSpan();
            int last = Math.Min(rows, (chunk + 1) * ChunkRows);
            for (int row = chunk * ChunkRows; row < last; row++)
            {
                int n = CsvText.SplitRow(data, table.Starts[row], table.Ends[row], fields);
                if (n != columns)
                {
                    lock (gate)
                        if (error is null || row < error.Row)
                            error = new RowError(row, table.Ragged(row, n));
                    return;
                }
                for (int c = 0; c < columns; c++)
                {
                    if (fields[c].Length == 0)
                    {
                        nulls[c]++;
                        continue;
                    }
                    var value = CsvText.Value(data, fields[c], ref scratch);
                    var target = targets[c];
                    if (target.Text is { } text)
                    {
                        text[row] = (interners[c] ??= new Interner()).Get(value);
                    }
                    else if (!Volatile.Read(ref failed[c]) && !target.TrySet(row, value))
                    {
                        if (strict)
                        {
                            var message = $"data file {table.Path}, line {table.LineOf(row)} (data row {row + 1}), column " +
                                          $"{header[c]}: '{CsvText.Decode(value)}' is not {(types[c] == ColumnType.Integer ? "a whole number" : "a number")} " +
                                          "as the schema says";
                            lock (gate)
                                if (error is null || row < error.Row)
                                    error = new RowError(row, new UserFacingException(message));
                            return;
                        }
                        Volatile.Write(ref failed[c], true);
                    }
                }
            }
            lock (gate)
                for (int c = 0; c < columns; c++)
                    targets[c].NullCount += nulls[c];
        });
        if (error is not null)
            throw error.Exception;

        var failedColumns = Enumerable.Range(0, columns).Where(c => failed[c]).ToArray();
        if (failedColumns.Length > 0)
            ReloadAsText(table, failedColumns, targets);
        return Enumerable.Range(0, columns).Select(c => targets[c].ToColumn(header[c], rows)).ToList();
    }

    private static void ReloadAsText(RowTable table, int[] columns, ColumnTarget[] targets)
    {
        foreach (int c in columns)
            targets[c] = ColumnTarget.Create(ColumnType.Text, table.RowCount);
        Parallel.For(0, table.ChunkCount, Parallelism, chunk =>
        {
            var fields = new CsvText.Field[table.ColumnCount];
            var scratch = new byte[256];
            var interner = new Interner();
            var data = table.Bytes.AsSpan();
            int last = Math.Min(table.RowCount, (chunk + 1) * ChunkRows);
            for (int row = chunk * ChunkRows; row < last; row++)
            {
                CsvText.SplitRow(data, table.Starts[row], table.Ends[row], fields);
                foreach (int c in columns)
                    if (fields[c].Length > 0)
                        targets[c].Text![row] = interner.Get(CsvText.Value(data, fields[c], ref scratch));
            }
        });
    }

    /// <summary>Where one column's values go while parsing: raw little-endian buffers plus a validity bitmap.</summary>
    private sealed class ColumnTarget
    {
        private ColumnType _type;
        private byte[] _buffer = [];
        private byte[] _validity = [];

        public string?[]? Text { get; private set; }

        public int NullCount { get; set; }

        public static ColumnTarget Create(ColumnType type, int rows) => type == ColumnType.Text
            ? new ColumnTarget { _type = type, Text = new string?[rows] }
            : new ColumnTarget { _type = type, _buffer = new byte[rows * 8L], _validity = new byte[(rows + 7) / 8] };

        public bool TrySet(int row, ReadOnlySpan<byte> value)
        {
            if (_type == ColumnType.Integer)
            {
                if (!CsvText.TryParseInt64(value, out long v))
                    return false;
                MemoryMarshal.Cast<byte, long>(_buffer.AsSpan())[row] = v;
            }
            else
            {
                if (!CsvText.TryParseDouble(value, out double v))
                    return false;
                MemoryMarshal.Cast<byte, double>(_buffer.AsSpan())[row] = v;
            }
            _validity[row >> 3] |= (byte)(1 << (row & 7));
            return true;
        }

        public DataFrameColumn ToColumn(string name, int rows) => _type switch
        {
            ColumnType.Text => new StringDataFrameColumn(name, Text!),
            ColumnType.Integer => new Int64DataFrameColumn(name, _buffer, _validity, rows, NullCount),
            _ => new DoubleDataFrameColumn(name, _buffer, _validity, rows, NullCount),
        };
    }

    /// <summary>Gives repeated text values one shared string instance (allocation-free lookups by span).</summary>
    private sealed class Interner
    {
        private const int MaxEntries = 8192; // beyond this a column is free text: stop caching
        private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

        public string Get(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length > 128)
                return Encoding.UTF8.GetString(utf8);
            Span<char> buffer = stackalloc char[256];
            int n = Encoding.UTF8.GetChars(utf8, buffer);
            var chars = buffer[..n];
            var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(chars, out var found))
                return found;
            var text = new string(chars);
            if (_strings.Count < MaxEntries)
                _strings[text] = text;
            return text;
        }
    }
}
