<#
.SYNOPSIS
Runs the CreditPoC notebooks headless for one date: the whole pipeline, or a single notebook.

.DESCRIPTION
Builds the creditpoc command once in Release, then runs either the pipeline of notebooks
(parameters/pipeline.yaml) for the date:

    creditpoc pipeline --date DATE --file <repo>/parameters/pipeline.yaml --runs-dir OUTPUTDIR [-p NAME VALUE]...

or, with -Notebook, that one notebook with TARGET_DATE (and DATA_TYPE when -DataType is given):

    creditpoc run NOTEBOOK -o OUTPUTDIR/DATE/NAME.<utc time>.ipynb -p TARGET_DATE DATE [-p DATA_TYPE TYPE] [-p NAME VALUE]...

Executed notebooks and their HTML pages go under -OutputDir. The script exits with the exit code of creditpoc:
0 success, 1 a notebook failed, 2 bad arguments, 130 cancelled.

It uses only core PowerShell and .NET calls, so it runs in pwsh 7 on Windows, Linux and macOS and in a hosted
PowerShell engine. Set the environment variable CREDITPOC_DOTNET to use another dotnet executable.

.PARAMETER Date
The run date, as yyyy-MM-dd or yyyyMMdd (2021-01-31 or 20210131). Required.

.PARAMETER DataType
train or test: the DATA_TYPE given to the notebook. Only with -Notebook; the pipeline sets DATA_TYPE per task.

.PARAMETER Notebook
Run just this notebook (a path, or a name such as feature_engineering for notebooks/trial/feature_engineering.ipynb)
instead of the whole pipeline.

.PARAMETER Parameters
More notebook parameters, as a hashtable: @{ SEED = 7; COLUMNS = @('A', 'B') }. A list becomes its items joined
with commas. They win over the pipeline's own values.

.PARAMETER OutputDir
Where runs go (default: runs under the repository). The pipeline writes OUTPUTDIR/<date>/<run-id>/.

.PARAMETER DryRun
Print the commands instead of running them.

.EXAMPLE
./run-notebooks.ps1 -Date 2021-01-31
Runs the whole pipeline for 31 January 2021.

.EXAMPLE
./run-notebooks.ps1 -Date 20210131 -Notebook feature_engineering -DataType test
Runs one notebook with TARGET_DATE=2021-01-31 and DATA_TYPE=test.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [ValidateScript({
            $parsed = [datetime]::MinValue
            $forms = [string[]]@('yyyy-MM-dd', 'yyyyMMdd')
            if ([datetime]::TryParseExact($_, $forms, [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::None, [ref]$parsed)) {
                return $true
            }
            throw "-Date must be a date like 2021-01-31 or 20210131, got '$_'"
        })]
    [string] $Date,

    [ValidateSet('train', 'test')]
    [string] $DataType,

    [string] $Notebook,

    [hashtable] $Parameters = @{},

    [string] $OutputDir,

    [switch] $DryRun
)

$ErrorActionPreference = 'Stop'
$invariant = [System.Globalization.CultureInfo]::InvariantCulture
$root = $PSScriptRoot
$here = $PWD.ProviderPath
$dotnet = 'dotnet'
if ($env:CREDITPOC_DOTNET) { $dotnet = $env:CREDITPOC_DOTNET }

$isoDate = [datetime]::ParseExact($Date, [string[]]@('yyyy-MM-dd', 'yyyyMMdd'), $invariant, [System.Globalization.DateTimeStyles]::None).ToString('yyyy-MM-dd', $invariant)
if ($OutputDir) { $runsDir = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($here, $OutputDir)) }
else { $runsDir = [System.IO.Path]::Combine($root, 'runs') }

# Notebook parameters as -p NAME VALUE pairs, in name order so that the command is the same every time.
function ConvertTo-ParameterText($value) {
    if ($null -eq $value) { return '' }
    if ($value -is [bool]) { return $value.ToString().ToLowerInvariant() }
    if ($value -is [datetime]) { return $value.ToString('yyyy-MM-dd', $invariant) }
    if ($value -is [System.Collections.IEnumerable] -and $value -isnot [string]) {
        $items = foreach ($item in $value) { ConvertTo-ParameterText $item }
        return [string]::Join(',', [string[]]@($items))
    }
    return [System.Convert]::ToString($value, $invariant)
}
$pairs = [System.Collections.Generic.List[string]]::new()
$names = [string[]]@($Parameters.Keys)
[System.Array]::Sort($names, [System.StringComparer]::Ordinal)
foreach ($name in $names) {
    $pairs.Add('-p'); $pairs.Add($name); $pairs.Add((ConvertTo-ParameterText $Parameters[$name]))
}

$cliArgs = [System.Collections.Generic.List[string]]::new()
if ($Notebook) {
    $path = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($here, $Notebook))
    $byName = [System.IO.Path]::Combine($root, 'notebooks', 'trial', [System.IO.Path]::ChangeExtension($Notebook, '.ipynb'))
    if (-not [System.IO.File]::Exists($path) -and [System.IO.File]::Exists($byName)) { $path = $byName }
    if (-not [System.IO.File]::Exists($path)) {
        [Console]::Error.WriteLine("error: notebook '$Notebook' not found (looked at $path and $byName)")
        exit 2
    }
    $name = [System.IO.Path]::GetFileNameWithoutExtension($path)
    $stamp = [datetime]::UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", $invariant)
    $output = [System.IO.Path]::Combine($runsDir, $isoDate, "$name.$stamp.ipynb")
    $cliArgs.AddRange([string[]]@('run', $path, '-o', $output, '-p', 'TARGET_DATE', $isoDate))
    if ($DataType) { $cliArgs.AddRange([string[]]@('-p', 'DATA_TYPE', $DataType)) }
}
else {
    if ($DataType) {
        [Console]::Error.WriteLine('error: -DataType goes with -Notebook; the pipeline sets DATA_TYPE for each of its tasks (see parameters/pipeline.yaml)')
        exit 2
    }
    $pipeline = [System.IO.Path]::Combine($root, 'parameters', 'pipeline.yaml')
    $cliArgs.AddRange([string[]]@('pipeline', '--date', $isoDate, '--file', $pipeline, '--runs-dir', $runsDir))
}
$cliArgs.AddRange($pairs)

$project = [System.IO.Path]::Combine($root, 'src', 'CreditPoC.Cli')
$out = [System.IO.Path]::Combine($root, 'src', 'CreditPoC.Cli', 'bin', 'ReadyToRun')
$dll = [System.IO.Path]::Combine($out, 'CreditPoC.Cli.dll')
# The same ReadyToRun (precompiled) publish as ./creditpoc: each task's process starts with about half the processor time.
$buildArgs = [string[]]@('publish', $project, '-c', 'Release', '-p:PublishReadyToRun=true', '-o', $out, '--nologo', '-v', 'quiet')
$runArgs = [string[]](@($dll) + $cliArgs.ToArray())

if ($DryRun) {
    # One line per command; arguments holding spaces are quoted.
    foreach ($command in @(, $buildArgs) + @(, $runArgs)) {
        $shown = foreach ($arg in @($dotnet) + $command) { if ($arg -match '\s') { "'$arg'" } else { $arg } }
        [string]::Join(' ', [string[]]$shown)
    }
    exit 0
}

& $dotnet @buildArgs
if ($LASTEXITCODE -ne 0) {
    [Console]::Error.WriteLine("error: building creditpoc failed (exit code $LASTEXITCODE)")
    exit $LASTEXITCODE
}
& $dotnet @runArgs
exit $LASTEXITCODE
