using CreditPoC.IO;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;
using ParquetSharp;

namespace CreditPoC.Loading;

/// <summary>Rows of a table to write: all of <paramref name="Data"/>, or the rows listed (0-based, in that order).</summary>
public sealed record TablePart(DataFrame Data, IReadOnlyList<int>? Rows = null)
{
    public int RowCount => Rows?.Count ?? checked((int)Data.Rows.Count);
}

/// <summary>
/// Writes a DataFrame as a Parquet file in the form <see cref="ParquetTableLoader"/> reads: whole-number columns as
/// int64, other numbers as double, text as UTF-8 strings, every column nullable, Snappy-compressed, atomically (a
/// failed write leaves the earlier file). Several <see cref="TablePart"/>s with the same columns are written one
/// after another as one table; a column that is text in one part and numbers in another is written as text, and
/// whole numbers in one part and real numbers in another as double (a part whose column is all missing does not count).
/// </summary>
public static class ParquetTableWriter
{
    /// <summary>The most rows in one row group.</summary>
    public const int RowGroupRows = 1 << 20;

    static ParquetTableWriter() => ParquetNative.Ensure();

    public static void Write(DataFrame data, string path, bool overwrite = true) => Write([new TablePart(data)], path, overwrite);

    public static void Write(IReadOnlyList<TablePart> parts, string path, bool overwrite = true)
    {
        if (parts.Count == 0) throw new ArgumentException("no table to write", nameof(parts));
        var names = parts[0].Data.Columns.Select(c => c.Name).ToArray();
        foreach (var part in parts.Skip(1))
            if (!part.Data.Columns.Select(c => c.Name).SequenceEqual(names))
                throw new ArgumentException("every part must have the same columns in the same order", nameof(parts));
        var kinds = Enumerable.Range(0, names.Length).Select(c => KindOf(parts, c)).ToArray();
        var columns = names.Select((name, c) => kinds[c] switch
        {
            ColumnType.Integer => (Column)new Column<long?>(name),
            ColumnType.Float => new Column<double?>(name),
            _ => new Column<string>(name),
        }).ToArray();
        var groups = RowGroups(parts);

        try
        {
            // The native writer opens the (temporary) file itself: no managed stream between it and the disk.
            AtomicFile.WriteFile(path, temp =>
            {
                using var builder = new WriterPropertiesBuilder();
                using var properties = builder.Compression(Compression.Snappy).Build();
                using var writer = new ParquetFileWriter(temp, columns, properties);
                foreach (var group in groups)
                {
                    // A buffered row group holds each column's pages in memory until it closes, so the columns can
                    // be encoded and compressed side by side (as Arrow's own writer does with use_threads).
                    using var rowGroup = writer.AppendBufferedRowGroup();
                    var writers = Enumerable.Range(0, columns.Length).Select(rowGroup.Column).ToArray();
                    try
                    {
                        Parallel.For(0, columns.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                            c => WriteColumn(writers[c], kinds[c], group, c));
                    }
                    finally
                    {
                        foreach (var column in writers) column.Dispose();
                    }
                    rowGroup.Close();
                }
                writer.Close();
            }, overwrite);
        }
        catch (ParquetException e)
        {
            throw new UserFacingException($"cannot write {path}: {e.Message.Split('\n', 2)[0]}", e);
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions is [ParquetException or IOException, ..] inner)
        {
            throw new UserFacingException($"cannot write {path}: {inner[0].Message.Split('\n', 2)[0]}", inner[0]);
        }
    }

    /// <summary>The type a column is written as, over all parts.</summary>
    private static ColumnType KindOf(IReadOnlyList<TablePart> parts, int c)
    {
        var voting = parts.Select(p => p.Data.Columns[c]).Where(col => col.NullCount < col.Length).ToList();
        if (voting.Count == 0) voting = [parts[0].Data.Columns[c]];
        foreach (var column in voting)
            if (!ColumnValues.IsNumeric(column) && !ColumnValues.IsText(column))
                throw new ArgumentException($"column {column.Name} holds {column.DataType.Name}: only numbers and text are written");
        if (voting.Any(ColumnValues.IsText)) return ColumnType.Text;
        return voting.All(ColumnValues.IsInteger) ? ColumnType.Integer : ColumnType.Float;
    }

    /// <summary>Part of a row group: <see cref="Count"/> rows of a part from <see cref="First"/> in its row list (<see cref="Rows"/>, all rows when null).</summary>
    private sealed record Slice(TablePart Part, int[]? Rows, int First, int Count);

    private static List<List<Slice>> RowGroups(IReadOnlyList<TablePart> parts)
    {
        var groups = new List<List<Slice>>();
        var current = new List<Slice>();
        var size = 0;
        foreach (var part in parts)
        {
            var rows = part.Rows is null ? null : part.Rows as int[] ?? part.Rows.ToArray();
            for (var first = 0; first < part.RowCount;)
            {
                var count = Math.Min(part.RowCount - first, RowGroupRows - size);
                current.Add(new Slice(part, rows, first, count));
                size += count;
                first += count;
                if (size == RowGroupRows)
                {
                    groups.Add(current);
                    current = [];
                    size = 0;
                }
            }
        }
        if (size > 0 || groups.Count == 0) groups.Add(current); // a table with no rows still gets its columns
        return groups;
    }

    private static void WriteColumn(ColumnWriter column, ColumnType kind, List<Slice> group, int c)
    {
        // Scratch arrays come from the pool: a column of 100,000 rows is a large object, and 120 of them per file
        // would each cost a full garbage collection's share.
        var count = group.Sum(s => s.Count);
        if (kind == ColumnType.Text)
        {
            var text = System.Buffers.ArrayPool<string?>.Shared.Rent(count);
            try
            {
                var at = 0;
                foreach (var slice in group)
                {
                    var values = ColumnValues.Texts(slice.Part.Data.Columns[c]);
                    for (var i = 0; i < slice.Count; i++)
                        text[at++] = values[RowOf(slice, i)];
                }
                using var logical = column.LogicalWriter<string?>();
                logical.WriteBatch(text.AsSpan(0, count));
            }
            finally
            {
                System.Buffers.ArrayPool<string?>.Shared.Return(text, clearArray: true);
            }
            return;
        }

        var levels = System.Buffers.ArrayPool<short>.Shared.Rent(count);
        try
        {
            Array.Clear(levels, 0, count);
            if (kind == ColumnType.Integer) WriteNumbers<long>(column, group, c, count, levels);
            else WriteNumbers<double>(column, group, c, count, levels);
        }
        finally
        {
            System.Buffers.ArrayPool<short>.Shared.Return(levels);
        }
    }

    private static void WriteNumbers<T>(ColumnWriter column, List<Slice> group, int c, int count, short[] levels) where T : unmanaged
    {
        var dense = System.Buffers.ArrayPool<T>.Shared.Rent(count);
        try
        {
            var n = 0;
            var row = 0;
            foreach (var slice in group)
            {
                var source = slice.Part.Data.Columns[c];
                if (Gather(source, slice, levels, dense, ref row, ref n)) continue;
                if (typeof(T) == typeof(long))
                {
                    var (values, valid) = Longs(source);
                    for (var i = 0; i < slice.Count; i++, row++)
                    {
                        var from = RowOf(slice, i);
                        if (!valid[from]) continue;
                        levels[row] = 1;
                        dense[n++] = (T)(object)values[from];
                    }
                }
                else
                {
                    var values = ColumnValues.Numbers(source);
                    for (var i = 0; i < slice.Count; i++, row++)
                    {
                        var value = values[RowOf(slice, i)];
                        if (double.IsNaN(value)) continue; // missing
                        levels[row] = 1;
                        dense[n++] = (T)(object)value;
                    }
                }
            }
            ((ColumnWriter<T>)column).WriteBatch(count, levels.AsSpan(0, count), ReadOnlySpan<short>.Empty, dense.AsSpan(0, n));
        }
        finally
        {
            System.Buffers.ArrayPool<T>.Shared.Return(dense);
        }
    }

    /// <summary>
    /// Copies a slice's present values of an int64 or double column straight from the column's buffer (no copy of
    /// the whole column, no boxing), setting their definition levels; false when the column is another type or
    /// spans several buffers. NaN counts as missing, as everywhere in the library.
    /// </summary>
    private static bool Gather<T>(DataFrameColumn column, Slice slice, short[] levels, T[] dense, ref int row, ref int n) where T : unmanaged
    {
        if (column is not PrimitiveDataFrameColumn<T> typed) return false;
        if (typed.GetReadOnlyDataBuffers().ToList() is not [var buffer] || typed.GetReadOnlyNullBitMapBuffers().ToList() is not [var bitmap]) return false;
        var values = buffer.Span;
        var valid = bitmap.Span;
        var rows = slice.Rows;
        for (var i = 0; i < slice.Count; i++, row++)
        {
            var source = rows is null ? slice.First + i : rows[slice.First + i];
            if ((valid[source >> 3] & (1 << (source & 7))) == 0) continue;
            var value = values[source];
            if (typeof(T) == typeof(double) && double.IsNaN((double)(object)value)) continue;
            levels[row] = 1;
            dense[n++] = value;
        }
        return true;
    }

    private static int RowOf(Slice slice, int i) => slice.Rows is { } rows ? rows[slice.First + i] : slice.First + i;

    /// <summary>A whole-number column's values and which are present, read from its buffers (no boxing for int64).</summary>
    private static (long[] Values, bool[] Valid) Longs(DataFrameColumn column)
    {
        var length = checked((int)column.Length);
        var values = new long[length];
        var valid = new bool[length];
        if (column is PrimitiveDataFrameColumn<long> longs)
        {
            var row = 0;
            using var bitmaps = longs.GetReadOnlyNullBitMapBuffers().GetEnumerator();
            foreach (var buffer in longs.GetReadOnlyDataBuffers())
            {
                bitmaps.MoveNext();
                var bits = bitmaps.Current.Span;
                var span = buffer.Span;
                for (var i = 0; i < span.Length; i++, row++)
                {
                    values[row] = span[i];
                    valid[row] = (bits[i >> 3] & (1 << (i & 7))) != 0;
                }
            }
            return (values, valid);
        }
        for (var r = 0; r < length; r++)
        {
            var value = column[r];
            if (value is null) continue;
            valid[r] = true;
            values[r] = value is bool b ? (b ? 1 : 0) : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        return (values, valid);
    }
}
