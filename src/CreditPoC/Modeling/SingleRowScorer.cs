using System.Globalization;
using CreditPoC.Tables;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace CreditPoC.Modeling;

/// <summary>
/// Scores one application at a time, as an API would, without building a DataFrame or a data view per call: the
/// model's transformer chain is turned once into a row-to-row mapper over a reusable input row, and each call only
/// writes the row's values and reads the probability (the feature-contribution part of the chain is never computed).
/// Gives the same probability as <see cref="TrainedModel.Predict(Microsoft.Data.Analysis.DataFrame)"/>. Not thread-safe: use one scorer per thread, or <see cref="TrainedModel.ScoreRow"/>, which pools them.
/// </summary>
public sealed class SingleRowScorer
{
    private readonly InputRow _input;
    private readonly ValueGetter<float>? _probability;
    private readonly float[]? _nativeRow;
    private double[]? _phi;
    private TreeShapWorkspace? _workspace;
    private readonly Dictionary<string, int> _slotOf;
    private readonly bool[] _isText;
    private readonly string[] _columns;
    private float _value;
    private readonly TrainedModel _model;
    private readonly ValueGetter<VBuffer<float>>? _contributions;
    private VBuffer<float> _contributionValues;

    internal SingleRowScorer(TrainedModel model, bool explain = false)
    {
        _model = model;
        var schema = TrainedModel.InputSchema(model.Metadata.Plan);
        _columns = schema.Select(c => c.Name).ToArray();
        _isText = schema.Select(c => c.Type is TextDataViewType).ToArray();
        _slotOf = _columns.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        _input = new InputRow(schema);
        if (model.Native is { } native)
        {
            _nativeRow = new float[native.Features.Count];
            return;
        }
        // Explaining reads the feature contributions too, through the whole chain; scoring alone stops before them.
        var mapper = (explain ? (ITransformer)model.Chain! : model.ScoringChain).GetRowToRowMapper(schema);
        var probability = mapper.OutputSchema["Probability"];
        if (explain)
        {
            var contributions = mapper.OutputSchema[TrainedModel.ContributionsColumn];
            var output = mapper.GetRow(_input, [probability, contributions]);
            _probability = output.GetGetter<float>(probability);
            _contributions = output.GetGetter<VBuffer<float>>(contributions);
        }
        else
        {
            var output = mapper.GetRow(_input, [probability]);
            _probability = output.GetGetter<float>(probability);
        }
    }

    /// <summary>
    /// The probability and the <paramref name="top"/> reasons for one application, the same as
    /// <see cref="TrainedModel.Explain"/> gives for that row of a table, without building a table. Needs a scorer made to explain.
    /// </summary>
    internal ApplicantExplanation Explain(IReadOnlyDictionary<string, object?> row, int top)
    {
        if (_nativeRow is not null) return ExplainNative(row, top);
        if (_contributions is null) throw new InvalidOperationException("this scorer was not made to explain");
        var probability = Score(row);
        _contributions(ref _contributionValues);
        var dense = new float[_contributionValues.Length];
        _contributionValues.CopyTo(dense);
        var reasons = _model.TopReasons(dense, top, name => _input.Texts[_slotOf[name]].ToString(), name => _input.Numbers[_slotOf[name]]);
        return new ApplicantExplanation(0, probability, reasons);
    }

    /// <summary>The columns a row must give (extra keys are ignored; a missing key or null is a missing value).</summary>
    public IReadOnlyList<string> InputColumns => _columns;

    /// <summary>
    /// The probability of the positive label for one application. Numbers may be given as any numeric type or as
    /// invariant text; categories as text. A key the model does not use is ignored.
    /// </summary>
    public double Score(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        for (var i = 0; i < _columns.Length; i++)
        {
            row.TryGetValue(_columns[i], out var value);
            if (_isText[i]) _input.Texts[i] = TableColumn.Category(ColumnValues.Text(value));
            else _input.Numbers[i] = ToSingle(_columns[i], value);
        }
        if (_nativeRow is not null) return NativeLightGbmModel.Probability(NativeRawScore());
        _input.Advance();
        _probability!(ref _value);
        return _value;
    }

    /// <summary>Writes the row's LightGBM features from the input values last set, and scores them.</summary>
    private double NativeRawScore()
    {
        var native = _model.Native!;
        native.Features.Fill(_nativeRow!, name => _input.Numbers[_slotOf[name]], name => _input.Texts[_slotOf[name]]);
        return native.RawScore(_nativeRow!);
    }

    private ApplicantExplanation ExplainNative(IReadOnlyDictionary<string, object?> row, int top)
    {
        var probability = Score(row);
        var native = _model.Native!;
        _phi ??= new double[native.Features.Count + 1];
        _workspace ??= new TreeShapWorkspace(native.Trees);
        native.Contributions(_nativeRow!, _phi, _workspace);
        var reasons = _model.NativeReasons(_phi[..^1], native.Features.Names, top, name => _input.Texts[_slotOf[name]].ToString(), name => _input.Numbers[_slotOf[name]]);
        return new ApplicantExplanation(0, probability, reasons);
    }

    private static float ToSingle(string column, object? value) => value switch
    {
        null => float.NaN,
        float f => f,
        double d => (float)d,
        int k => k,
        long l => l,
        decimal m => (float)m,
        bool b => b ? 1f : 0f,
        string s when string.IsNullOrWhiteSpace(s) => float.NaN,
        string s => float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed : throw new UserFacingException($"column {column}: '{s}' is not a number"),
        IConvertible c => c.ToSingle(CultureInfo.InvariantCulture),
        _ => throw new UserFacingException($"column {column}: a {value.GetType().Name} is not a number"),
    };

    /// <summary>One reusable row; its position moves on with every call so that no transform serves a cached value.</summary>
    private sealed class InputRow : DataViewRow
    {
        private long _position = -1;

        public InputRow(DataViewSchema schema)
        {
            Schema = schema;
            Numbers = new float[schema.Count];
            Texts = new ReadOnlyMemory<char>[schema.Count];
        }

        public float[] Numbers { get; }
        public ReadOnlyMemory<char>[] Texts { get; }
        public override DataViewSchema Schema { get; }
        public override long Position => _position;
        public override long Batch => 0;

        public void Advance() => _position++;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var index = column.Index;
            if (column.Type is TextDataViewType)
            {
                ValueGetter<ReadOnlyMemory<char>> text = (ref ReadOnlyMemory<char> value) => value = Texts[index];
                return (ValueGetter<TValue>)(Delegate)text;
            }
            ValueGetter<float> number = (ref float value) => value = Numbers[index];
            return (ValueGetter<TValue>)(Delegate)number;
        }
    }
}
