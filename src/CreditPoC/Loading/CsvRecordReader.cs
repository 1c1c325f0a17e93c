using System.Text;

namespace CreditPoC.Loading;

/// <summary>
/// Streams the records of a CSV file, parsed as <see cref="CsvTableLoader"/> parses them (RFC 4180: quoted fields
/// may hold commas, doubled quotes and line breaks; blank lines are skipped; a byte-order mark is ignored), for
/// files that are copied or scanned rather than loaded as a table. Holds one buffer of the file at a time. The
/// header's names are checked as the loader checks them (no name twice) and every record must have the header's
/// field count; errors name the file, the line and the data row. Until the first <see cref="Read"/> the current
/// record is the header.
/// </summary>
public sealed class CsvRecordReader : IDisposable
{
    /// <summary>The longest record read (64 MiB): a file with no line end in sight (a device, a binary file) stops here.</summary>
    public const int MaxRecordBytes = 64 << 20;

    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 20];
    private int _position, _filled;
    private bool _ended;
    private int _nextLine = 1;
    private CsvText.Field[] _fields;
    private int _recordStart, _recordEnd;
    private byte[] _scratch = new byte[256];

    private CsvRecordReader(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        Fill();
        if (_filled >= 3 && _buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
            _position = 3;
        if (!NextRow())
            throw new UserFacingException($"data file {Path} is empty: expected a header line");
        HeaderText = Encoding.UTF8.GetString(Record);
        _header = CsvText.Header(Record, Path);
        _fields = new CsvText.Field[_header.Length];
        CsvText.SplitRow(_buffer, _recordStart, _recordEnd, _fields);
    }

    /// <summary>Opens <paramref name="path"/> and reads its header.</summary>
    /// <exception cref="UserFacingException">The file is missing, unreadable or empty, or its header names a column twice.</exception>
    public static CsvRecordReader Open(string path)
    {
        if (!File.Exists(path))
            throw new UserFacingException($"data file {path} does not exist");
        try
        {
            return new CsvRecordReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot read data file {path}: {e.Message}", e);
        }
    }

    public string Path { get; }

    private readonly string[] _header;

    /// <summary>The column names (trimmed).</summary>
    public IReadOnlyList<string> Header => _header;

    /// <summary>The header row as written (without its line ending).</summary>
    public string HeaderText { get; }

    /// <summary>The 1-based line of the file on which the current record starts.</summary>
    public int Line { get; private set; }

    /// <summary>The 1-based number of the current record among the data rows.</summary>
    public int Row { get; private set; }

    /// <summary>The current record's bytes as in the file, without its line ending.</summary>
    public ReadOnlySpan<byte> Record => _buffer.AsSpan(_recordStart, _recordEnd - _recordStart);

    /// <summary>The index of each named column in the header.</summary>
    /// <exception cref="UserFacingException">A column is missing; the message names the file and all missing columns.</exception>
    public int[] Require(params string[] columns)
    {
        var indexes = columns.Select(c => Array.IndexOf(_header, c)).ToArray();
        var missing = columns.Where((_, i) => indexes[i] < 0).ToList();
        if (missing.Count > 0)
            throw new UserFacingException($"{Path} has no {string.Join(" and no ", missing)} column in its header");
        return indexes;
    }

    /// <summary>Moves to the next data record; false at the end of the file.</summary>
    /// <exception cref="UserFacingException">The record's field count differs from the header's.</exception>
    public bool Read()
    {
        if (!NextRow())
            return false;
        Row++;
        var found = CsvText.SplitRow(_buffer, _recordStart, _recordEnd, _fields);
        if (found != _fields.Length)
        {
            var all = new CsvText.Field[Record.Count((byte)',') + 1];
            found = CsvText.SplitRow(_buffer, _recordStart, _recordEnd, all);
            throw new UserFacingException(
                $"data file {Path}, line {Line} (data row {Row}): expected {_fields.Length} fields as in the header, found {found}");
        }
        return true;
    }

    /// <summary>The value of field <paramref name="index"/> of the current record (quotes removed, "" undone).</summary>
    public string Value(int index) =>
        CsvText.Decode(CsvText.Value(_buffer, _fields[index], ref _scratch));

    /// <summary>The raw text of field <paramref name="index"/> (quotes included), as an offset and length in <see cref="Record"/>.</summary>
    public (int Start, int Length) RawField(int index)
    {
        var start = CsvText.RawStart(_buffer, _recordStart, _fields[index]);
        var end = index + 1 < _fields.Length ? CsvText.RawStart(_buffer, _recordStart, _fields[index + 1]) - 1 : _recordEnd;
        return (start - _recordStart, end - start);
    }

    /// <summary>Finds the next non-blank row in the buffer, reading more of the file when the row runs past it.</summary>
    private bool NextRow()
    {
        while (true)
        {
            var data = _buffer.AsSpan(_position, _filled - _position);
            if (data.IsEmpty && _ended)
                return false;
            var lineFeed = CsvText.LineFeedOfRow(data, 0);
            if (lineFeed < 0 && !_ended)
            {
                Fill();
                continue;
            }
            var length = lineFeed < 0 ? data.Length : lineFeed + 1;
            var end = lineFeed < 0 ? data.Length : lineFeed;
            if (end > 0 && data[end - 1] == '\r')
                end--;
            Line = _nextLine;
            _nextLine += data[..length].Count((byte)'\n');
            _recordStart = _position;
            _recordEnd = _position + end;
            _position += length;
            if (end > 0)
                return true;
        }
    }

    /// <summary>
    /// For each data record of <paramref name="path"/>: the values of <paramref name="columns"/>, in that order, and
    /// the line it starts on. For small files (outcomes, predictions) read by column name.
    /// </summary>
    public static IEnumerable<(string[] Fields, int Line)> ReadColumns(string path, params string[] columns)
    {
        using var reader = Open(path);
        var indexes = reader.Require(columns);
        while (reader.Read())
            yield return (indexes.Select(reader.Value).ToArray(), reader.Line);
    }

    /// <summary>Moves the unread bytes to the front of the buffer (growing it when they fill it) and reads more.</summary>
    private void Fill()
    {
        var unread = _filled - _position;
        if (unread == _buffer.Length)
        {
            if (_buffer.Length >= MaxRecordBytes)
                throw new UserFacingException(
                    $"data file {Path}, line {_nextLine}: a record longer than {MaxRecordBytes >> 20} MiB with no line end; is it a CSV file? (the limit is {MaxRecordBytes >> 20} MiB per record)");
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        else if (_position > 0)
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, unread);
        _position = 0;
        _filled = unread;
        while (_filled < _buffer.Length)
        {
            var read = _stream.Read(_buffer, _filled, _buffer.Length - _filled);
            if (read == 0)
            {
                _ended = true;
                break;
            }
            _filled += read;
        }
    }

    public void Dispose() => _stream.Dispose();
}
