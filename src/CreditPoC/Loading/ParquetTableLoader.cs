using System.Runtime.InteropServices;
using Microsoft.Data.Analysis;
using ParquetSharp;

namespace CreditPoC.Loading;

/// <summary>
/// Loads a Parquet file into a <see cref="DataFrame"/> with the same column types as <see cref="CsvTableLoader"/>
/// (integer → <see cref="Int64DataFrameColumn"/>, float → <see cref="DoubleDataFrameColumn"/>, text →
/// <see cref="StringDataFrameColumn"/>, a missing value is null), through ParquetSharp (Apache Arrow's C++ reader).
/// Nothing is parsed: columns are read side by side, one reader per core.
/// <list type="bullet">
/// <item>A column the schema names must hold what the schema says: whole numbers (INT32/INT64, or real numbers that
/// are all whole) for integer, numbers for float, text (BYTE_ARRAY) for text. Anything else is refused with the file
/// and column named, strict or not: a Parquet file says its types, so a disagreement is a wrong file, not a bad cell.</item>
/// <item>Other columns keep the file's type: whole numbers and booleans (0/1) → integer, real numbers → float, text → text.
/// Nested, date, time, decimal and binary columns are refused with the column named.</item>
/// <item>A file that is not Parquet, or is cut short, is refused before it is read, with the file named.</item>
/// </list>
/// </summary>
public static class ParquetTableLoader
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    static ParquetTableLoader() => ParquetNative.Ensure();

    /// <summary>
    /// Loads <paramref name="path"/>. With <paramref name="strict"/> a schema column the file lacks is an error (as
    /// for CSV); without it the column is left out. <paramref name="allowNoRows"/>: a file with no rows is a table
    /// with no rows (a day with no applications), not an error.
    /// </summary>
    /// <exception cref="UserFacingException">Missing, truncated or non-Parquet file, no rows, missing schema columns
    /// (strict), a column whose type disagrees with the schema, an unsupported column type.</exception>
    public static DataFrame Load(string path, TableSchema? schema = null, bool strict = true, bool allowNoRows = false) =>
        Read(path, schema, strict, allowNoRows, only: null);

    /// <summary>The named columns of <paramref name="path"/>, in that order, typed from the file (no schema).</summary>
    /// <exception cref="UserFacingException">A named column is missing (all missing ones are named), or the file is bad.</exception>
    public static DataFrame LoadColumns(string path, params string[] columns) =>
        Read(path, null, strict: false, allowNoRows: true, only: columns);

    /// <summary>The column names of <paramref name="path"/>, read from its footer only.</summary>
    public static IReadOnlyList<string> ColumnNames(string path)
    {
        CheckFile(path);
        return Guard(path, () =>
        {
            using var reader = new ParquetFileReader(path);
            using var metadata = reader.FileMetaData;
            var schema = metadata.Schema;
            return Enumerable.Range(0, schema.NumColumns).Select(i => schema.Column(i).Name).ToList();
        });
    }

    /// <summary>What a column of the file holds, as the loader sees it.</summary>
    private enum Source { Integer, Real, Text, Boolean }

    /// <summary>One column to read: where it is in the file, what it holds, what it becomes.</summary>
    /// <param name="Utf8">Text kept as raw bytes (BYTE_ARRAY with no logical type): read as bytes and decoded as UTF-8.</param>
    private sealed record ColumnPlan(int Index, string Name, Source Source, ColumnType Target, bool Optional, PhysicalType Physical, bool Utf8 = false);

    private static DataFrame Read(string path, TableSchema? schema, bool strict, bool allowNoRows, string[]? only)
    {
        CheckFile(path);
        return Guard(path, () =>
        {
            List<ColumnPlan> plans;
            int rows;
            int[] groupRows;
            using (var reader = new ParquetFileReader(path))
            using (var metadata = reader.FileMetaData)
            {
                plans = Plan(path, metadata.Schema, schema, strict, only);
                if (metadata.NumRows > int.MaxValue)
                    throw new UserFacingException($"data file {path} has {metadata.NumRows:N0} rows, more than one table can hold ({int.MaxValue:N0})");
                rows = (int)metadata.NumRows;
                groupRows = new int[metadata.NumRowGroups];
                for (var g = 0; g < groupRows.Length; g++)
                {
                    using var group = reader.RowGroup(g);
                    groupRows[g] = checked((int)group.MetaData.NumRows);
                }
            }
            if (rows == 0 && !allowNoRows)
                throw new UserFacingException($"data file {path} has no data rows");
            return new DataFrame(ReadColumns(path, plans, rows, groupRows));
        });
    }

    /// <summary>Runs <paramref name="read"/>, turning the reader's own errors into one line that names the file.</summary>
    private static T Guard<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            var first = e.Flatten().InnerExceptions[0];
            if (first is UserFacingException user) throw new UserFacingException(user.Message, user);
            throw Describe(path, first);
        }
        catch (Exception e) when (e is ParquetException or IOException or UnauthorizedAccessException or SEHException)
        {
            throw Describe(path, e);
        }
    }

    private static Exception Describe(string path, Exception e) => e switch
    {
        UserFacingException => e,
        ParquetException or SEHException => new UserFacingException(
            $"data file {path} is not a readable Parquet file ({FirstLine(e.Message)}); write it again, or give a CSV file", e),
        IOException or UnauthorizedAccessException => new UserFacingException($"cannot read data file {path}: {e.Message}", e),
        _ => e,
    };

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length <= 200 ? line : line[..200] + "…";
    }

    /// <summary>The file exists, is a file, starts and ends with Parquet's PAR1 marker, and its footer fits inside it.</summary>
    private static void CheckFile(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new UserFacingException("no data file given (the path is empty)");
        if (Directory.Exists(path))
            throw new UserFacingException($"data file {path} is a folder, not a Parquet file");
        if (!File.Exists(path))
            throw new UserFacingException($"data file {path} does not exist");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            var length = stream.Length;
            Span<byte> head = stackalloc byte[4];
            if (length == 0)
                throw new UserFacingException($"data file {path} is empty: expected a Parquet file");
            stream.ReadExactly(head[..(int)Math.Min(4, length)]);
            if (length < 4 || !head.SequenceEqual(Magic))
                throw new UserFacingException($"data file {path} is not a Parquet file: it does not start with Parquet's PAR1 marker " +
                                              "(is it a CSV file named .parquet? name it .csv)");
            Span<byte> tail = stackalloc byte[8];
            if (length < 12)
                throw new UserFacingException($"data file {path} is truncated: {length} bytes, too short for a Parquet file's footer; write or copy it again");
            stream.Seek(-8, SeekOrigin.End);
            stream.ReadExactly(tail);
            var footer = BitConverter.ToInt32(tail[..4]);
            if (!tail[4..].SequenceEqual(Magic) || footer <= 0 || footer > length - 12)
                throw new UserFacingException($"data file {path} is truncated: it does not end with a complete Parquet footer " +
                                              "(a write or copy that did not finish); write or copy it again");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot read data file {path}: {e.Message}", e);
        }
    }

    private static List<ColumnPlan> Plan(string path, SchemaDescriptor file, TableSchema? schema, bool strict, string[]? only)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var all = new List<ColumnPlan>();
        var disagreements = new List<string>();
        for (var i = 0; i < file.NumColumns; i++)
        {
            var descriptor = file.Column(i);
            var name = descriptor.Name;
            using var pathInFile = descriptor.Path;
            var dotted = pathInFile.ToDotString();
            if (only is not null && !only.Contains(name, StringComparer.Ordinal)) continue;
            if (descriptor.MaxRepetitionLevel > 0 || dotted.Contains('.', StringComparison.Ordinal))
                throw new UserFacingException($"data file {path}, column {dotted}: a nested or repeated column; expected a flat table of numbers and text");
            if (!columns.TryAdd(name, i))
                throw new UserFacingException($"data file {path} names the column {name} twice");
            var (source, utf8) = SourceOf(path, descriptor);
            var expected = schema?.Find(name)?.Type;
            var target = expected ?? source switch
            {
                Source.Text => ColumnType.Text,
                Source.Real => ColumnType.Float,
                _ => ColumnType.Integer,
            };
            var agrees = target switch
            {
                ColumnType.Text => source == Source.Text,
                _ => source != Source.Text,
            };
            if (!agrees)
                disagreements.Add($"column {name}: the Parquet column holds {Describe(source)} ({descriptor.PhysicalType}), " +
                                  $"but the schema says {target.ToString().ToLowerInvariant()}; write it as {Expected(target)}");
            all.Add(new ColumnPlan(i, name, source, target, descriptor.MaxDefinitionLevel > 0, descriptor.PhysicalType, utf8));
        }
        if (disagreements.Count > 0)
            throw new UserFacingException($"data file {path}, {disagreements[0]}" +
                (disagreements.Count == 1 ? "" : $" ({disagreements.Count - 1} more column(s) disagree with the schema: " +
                    $"{string.Join(", ", disagreements.Skip(1).Take(5).Select(d => d.Split(':')[0].Replace("column ", "", StringComparison.Ordinal)))}" +
                    $"{(disagreements.Count > 6 ? ", …" : "")})"));

        if (only is not null)
        {
            var missing = only.Where(c => !columns.ContainsKey(c)).ToList();
            if (missing.Count > 0)
                throw new UserFacingException($"{path} has no {string.Join(" and no ", missing)} column in its schema");
            return only.Select(c => all.First(p => p.Name == c)).ToList();
        }
        if (schema is not null && strict)
        {
            var missing = schema.Columns.Select(c => c.Name).Where(n => !columns.ContainsKey(n)).ToList();
            if (missing.Count > 0)
                throw new UserFacingException($"data file {path} lacks {missing.Count} column(s) that the schema names: {string.Join(", ", missing)}");
        }
        return all;
    }

    private static string Describe(Source source) => source switch
    {
        Source.Text => "text",
        Source.Real => "real numbers",
        Source.Boolean => "true/false values",
        _ => "whole numbers",
    };

    private static string Expected(ColumnType type) => type switch
    {
        ColumnType.Text => "text (a string column)",
        ColumnType.Integer => "whole numbers (an int64 column)",
        _ => "numbers (a double column)",
    };

    private static (Source Source, bool Utf8) SourceOf(string path, ColumnDescriptor descriptor)
    {
        using var logical = descriptor.LogicalType;
        var kind = logical.Type;
        var bare = kind is LogicalTypeEnum.None or LogicalTypeEnum.Undefined;
        Source? source = descriptor.PhysicalType switch
        {
            PhysicalType.Int32 or PhysicalType.Int64 when bare || kind == LogicalTypeEnum.Int => Source.Integer,
            PhysicalType.Float or PhysicalType.Double when bare => Source.Real,
            PhysicalType.ByteArray when bare || kind is LogicalTypeEnum.String or LogicalTypeEnum.Json => Source.Text,
            PhysicalType.Boolean => Source.Boolean,
            _ => null,
        };
        if (source is { } known) return (known, known == Source.Text && bare);
        throw new UserFacingException(
            $"data file {path}, column {descriptor.Name}: its Parquet type ({descriptor.PhysicalType}{(kind is LogicalTypeEnum.None or LogicalTypeEnum.Undefined ? "" : ", " + kind)}) " +
            "is not supported; expected whole numbers, real numbers or text");
    }

    private static List<DataFrameColumn> ReadColumns(string path, List<ColumnPlan> plans, int rows, int[] groupRows)
    {
        var columns = new DataFrameColumn[plans.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(Environment.ProcessorCount, plans.Count)) };
        Parallel.For(0, plans.Count, options,
            () => new ParquetFileReader(path),
            (c, _, reader) =>
            {
                columns[c] = ReadColumn(path, reader, plans[c], rows, groupRows);
                return reader;
            },
            reader => reader.Dispose());
        return columns.ToList();
    }

    private static DataFrameColumn ReadColumn(string path, ParquetFileReader reader, ColumnPlan plan, int rows, int[] groupRows)
    {
        if (plan.Target == ColumnType.Text)
        {
            var text = new string?[rows];
            var offset = 0;
            for (var g = 0; g < groupRows.Length; offset += groupRows[g], g++)
            {
                using var group = reader.RowGroup(g);
                using var column = group.Column(plan.Index);
                var span = text.AsSpan(offset, groupRows[g]);
                if (plan.Utf8)
                {
                    using var bytes = column.LogicalReader<byte[]?>();
                    var raw = new byte[]?[span.Length];
                    for (var read = 0; read < raw.Length;)
                    {
                        var n = bytes.ReadBatch(raw.AsSpan(read));
                        if (n == 0) throw Short(path, plan, offset + read);
                        read += n;
                    }
                    for (var i = 0; i < raw.Length; i++) span[i] = raw[i] is { } b ? System.Text.Encoding.UTF8.GetString(b) : null;
                    continue;
                }
                using var logical = column.LogicalReader<string?>();
                for (var read = 0; read < span.Length;)
                {
                    var n = logical.ReadBatch(span[read..]);
                    if (n == 0) throw Short(path, plan, offset + read);
                    read += n;
                }
            }
            return new StringDataFrameColumn(plan.Name, text);
        }

        var buffer = new byte[rows * 8L];
        var validity = new byte[(rows + 7) / 8];
        var nulls = 0;
        var start = 0;
        for (var g = 0; g < groupRows.Length; start += groupRows[g], g++)
        {
            using var group = reader.RowGroup(g);
            using var column = group.Column(plan.Index);
            var count = groupRows[g];
            // Scratch from the pool: a row group's column is a large object, and a table has a hundred columns.
            var levels = System.Buffers.ArrayPool<short>.Shared.Rent(count);
            try
            {
                nulls += column switch
                {
                    ColumnReader<long> longs => Scatter<long>(path, plan, longs, count, levels, start, buffer, validity),
                    ColumnReader<int> ints => Scatter<int>(path, plan, ints, count, levels, start, buffer, validity),
                    ColumnReader<double> doubles => Scatter<double>(path, plan, doubles, count, levels, start, buffer, validity),
                    ColumnReader<float> floats => Scatter<float>(path, plan, floats, count, levels, start, buffer, validity),
                    ColumnReader<bool> booleans => Scatter(path, plan, Values(path, plan, booleans, count, levels, start).Select(b => b ? 1L : 0L).ToArray(), levels, count, start, buffer, validity),
                    _ => throw new UserFacingException($"data file {path}, column {plan.Name}: its Parquet type ({plan.Physical}) is not supported"),
                };
            }
            finally
            {
                System.Buffers.ArrayPool<short>.Shared.Return(levels);
            }
        }
        return plan.Target == ColumnType.Integer
            ? new Int64DataFrameColumn(plan.Name, buffer, validity, rows, nulls)
            : new DoubleDataFrameColumn(plan.Name, buffer, validity, rows, nulls);
    }

    private static int Scatter<T>(string path, ColumnPlan plan, ColumnReader<T> reader, int count, short[] levels, int start, byte[] buffer, byte[] validity)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        var values = System.Buffers.ArrayPool<T>.Shared.Rent(count);
        try
        {
            return Scatter(path, plan, Values(path, plan, reader, count, levels, start, values), levels, count, start, buffer, validity);
        }
        finally
        {
            System.Buffers.ArrayPool<T>.Shared.Return(values);
        }
    }

    /// <summary>One row group's values of a column, dense (nulls left out), and its definition levels (0 = null).</summary>
    private static T[] Values<T>(string path, ColumnPlan plan, ColumnReader<T> reader, int count, short[] levels, int start, T[]? into = null) where T : unmanaged
    {
        var values = into ?? new T[count];
        long levelsRead = 0, valuesRead = 0;
        while (levelsRead < count)
        {
            var n = reader.ReadBatch(count - levelsRead, levels.AsSpan((int)levelsRead), Span<short>.Empty, values.AsSpan((int)valuesRead), out var got);
            if (n == 0) throw Short(path, plan, start + (int)levelsRead);
            levelsRead += n;
            valuesRead += got;
        }
        return values;
    }

    /// <summary>
    /// Puts one row group's dense values at their rows (from <paramref name="start"/>) in the 8-byte
    /// <paramref name="buffer"/> and sets their validity bits; returns the nulls. Real numbers for an integer column
    /// must be whole (NaN is missing).
    /// </summary>
    private static int Scatter<T>(string path, ColumnPlan plan, T[] values, short[] levels, int count, int start, byte[] buffer, byte[] validity)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        var nulls = 0;
        var longs = MemoryMarshal.Cast<byte, long>(buffer.AsSpan());
        var doubles = MemoryMarshal.Cast<byte, double>(buffer.AsSpan());
        var integer = plan.Target == ColumnType.Integer;
        var real = typeof(T) == typeof(double) || typeof(T) == typeof(float);
        var next = 0;
        for (var r = 0; r < count; r++)
        {
            var row = start + r;
            if (plan.Optional && levels[r] == 0)
            {
                nulls++;
                continue;
            }
            var value = values[next++];
            if (!integer)
            {
                doubles[row] = double.CreateTruncating(value);
            }
            else if (!real)
            {
                longs[row] = long.CreateTruncating(value);
            }
            else
            {
                var d = double.CreateTruncating(value);
                if (double.IsNaN(d))
                {
                    nulls++;
                    continue;
                }
                if (d != Math.Floor(d) || d < long.MinValue || d >= 9.2233720368547758E18)
                    throw new UserFacingException($"data file {path}, row {row + 1}, column {plan.Name}: {d.ToString(System.Globalization.CultureInfo.InvariantCulture)} " +
                                                  "is not a whole number as the schema says (integer)");
                longs[row] = (long)d;
            }
            validity[row >> 3] |= (byte)(1 << (row & 7));
        }
        return nulls;
    }

    private static UserFacingException Short(string path, ColumnPlan plan, int row) =>
        new($"data file {path}, column {plan.Name}: the values end at row {row + 1}, before the rows its footer announces; the file is damaged, write it again");
}
