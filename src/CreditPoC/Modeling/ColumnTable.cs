using CreditPoC.Tables;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace CreditPoC.Modeling;

/// <summary>One column of a <see cref="ColumnTable"/>: numbers as Single (NaN = missing) or text (empty = missing).</summary>
internal sealed class TableColumn
{
    private TableColumn(string name, float[]? numbers, ReadOnlyMemory<char>[]? texts)
    {
        Name = name;
        Numbers = numbers;
        Texts = texts;
    }

    public string Name { get; }
    public float[]? Numbers { get; }
    public ReadOnlyMemory<char>[]? Texts { get; }
    public bool IsNumeric => Numbers is not null;
    public int Length => Numbers?.Length ?? Texts!.Length;

    public static TableColumn Numeric(string name, float[] values) => new(name, values, null);
    public static TableColumn Text(string name, ReadOnlyMemory<char>[] values) => new(name, null, values);

    /// <summary>A DataFrame column read by <see cref="ColumnValues"/>: numbers as Single, or (<paramref name="asText"/>) categories.</summary>
    public static TableColumn Read(DataFrameColumn column, bool asText) => asText
        ? Text(column.Name, ColumnValues.Texts(column).Select(Category).ToArray())
        : Numeric(column.Name, ColumnValues.Singles(column));

    /// <summary>A category as the models see it: trimmed, and empty when missing or blank.</summary>
    public static ReadOnlyMemory<char> Category(string? text) => (text?.Trim() ?? "").AsMemory();

    public bool IsMissing(int row) => IsNumeric ? float.IsNaN(Numbers![row]) : Texts![row].IsEmpty;
}

/// <summary>
/// The in-memory table the experiment trains on: typed columns plus an optional boolean label. It is exposed to
/// ML.NET as an <see cref="IDataView"/> over any subset of its rows, so folds and splits cost no copies, and
/// missing numbers are NaN (a DataFrame's own IDataView turns nulls into zeros).
/// </summary>
internal sealed class ColumnTable
{
    public const string LabelColumn = "Label";

    public ColumnTable(IReadOnlyList<TableColumn> columns, bool[]? labels, int rowCount)
    {
        Columns = columns;
        Labels = labels;
        RowCount = rowCount;
    }

    public IReadOnlyList<TableColumn> Columns { get; }
    public bool[]? Labels { get; }
    public int RowCount { get; }

    public TableColumn? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>A view of the given rows (all rows when null) with the given columns (all when null).</summary>
    public IDataView View(IReadOnlyList<int>? rows = null, IEnumerable<string>? columns = null, bool withLabel = true)
    {
        var chosen = columns is null ? Columns.ToList() : columns.Select(n => Find(n) ?? throw new InvalidOperationException($"no column {n}")).ToList();
        var indices = rows?.ToArray() ?? Enumerable.Range(0, RowCount).ToArray();
        return new TableDataView(chosen, withLabel ? Labels : null, indices);
    }

    private sealed class TableDataView : IDataView
    {
        private readonly IReadOnlyList<TableColumn> _columns;
        private readonly bool[]? _labels;
        private readonly int[] _rows;

        public TableDataView(IReadOnlyList<TableColumn> columns, bool[]? labels, int[] rows)
        {
            _columns = columns;
            _labels = labels;
            _rows = rows;
            var builder = new DataViewSchema.Builder();
            foreach (var column in columns)
                builder.AddColumn(column.Name, column.IsNumeric ? NumberDataViewType.Single : TextDataViewType.Instance);
            if (labels is not null)
                builder.AddColumn(LabelColumn, BooleanDataViewType.Instance);
            Schema = builder.ToSchema();
        }

        public bool CanShuffle => false;
        public DataViewSchema Schema { get; }
        public long? GetRowCount() => _rows.Length;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [GetRowCursor(columnsNeeded, rand)];

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly TableDataView _view;
            private readonly HashSet<int> _active;
            private long _position = -1;

            public Cursor(TableDataView view, HashSet<int> active)
            {
                _view = view;
                _active = active;
            }

            public override DataViewSchema Schema => _view.Schema;
            public override long Position => _position;
            public override long Batch => 0;
            public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

            public override bool MoveNext()
            {
                if (_position + 1 >= _view._rows.Length)
                {
                    _position = _view._rows.Length;
                    return false;
                }
                _position++;
                return true;
            }

            public override ValueGetter<DataViewRowId> GetIdGetter() =>
                (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                if (column.Index == _view._columns.Count)
                {
                    var labels = _view._labels!;
                    ValueGetter<bool> label = (ref bool value) => value = labels[_view._rows[_position]];
                    return (ValueGetter<TValue>)(Delegate)label;
                }
                var source = _view._columns[column.Index];
                if (source.IsNumeric)
                {
                    var numbers = source.Numbers!;
                    ValueGetter<float> getter = (ref float value) => value = numbers[_view._rows[_position]];
                    return (ValueGetter<TValue>)(Delegate)getter;
                }
                var texts = source.Texts!;
                ValueGetter<ReadOnlyMemory<char>> text = (ref ReadOnlyMemory<char> value) => value = texts[_view._rows[_position]];
                return (ValueGetter<TValue>)(Delegate)text;
            }
        }
    }
}
