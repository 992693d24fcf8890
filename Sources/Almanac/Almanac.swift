import Foundation

/// Almanac builds a static site from Markdown, data and templates in four stages:
///
/// 1. LOAD: `Content/` and `Templates/` become a `Site` (settings, pages, assets, templates),
///    and `Content/data/` becomes typed `DataTable`s.
/// 2. COMPUTE: the tables go into one in-memory SQLite database; every query runs once, and
///    `generate:` pages become one page per row.
/// 3. RENDER: each page's Markdown becomes HTML, with its values and tables filled in, and its
///    layout wraps it into a whole page.
/// 4. WRITE: `OutputWriter` writes only the files whose bytes changed.
///
/// The first three stages run in memory, so a site with errors never touches its output.
public enum Almanac {
  public static let version = "0.1.0"

  /// This build of Almanac: its version and a hash of its own executable, so that a manifest
  /// written by a different build, even of the same version, is never trusted to describe what
  /// this one would write.
  static let buildIdentity: String = {
    guard let executable = FileManager.default.contents(atPath: "/proc/self/exe") else {
      return version
    }
    return version + "+" + ContentHash(executable).hex
  }()

  /// Builds a site in memory. The result holds the output files, or the errors that stopped it.
  ///
  /// - Parameters:
  ///   - previous: the manifest of the build already in the output folder. When it is usable,
  ///     only pages whose inputs changed are rendered, and the result lists the others as kept;
  ///     the files are exactly those a full build would write.
  ///   - staging: where to hand pages over as they are rendered, so that a big site is never
  ///     held in memory whole; the result's `files` then holds only the other files. Nothing
  ///     reaches the output folder until the caller commits the staging area.
  ///   - remembering: keep what the next build in this process can start from in the result's
  ///     `memory`, for `build(edits:after:)`.
  public static func build(
    _ sources: consuming SourceFiles, options: BuildOptions = BuildOptions(),
    previous: BuildManifest.Reading = .none, staging: OutputWriter.Staging? = nil,
    progress: BuildProgress? = nil, remembering: Bool = false
  ) -> BuildResult {
    // Owned, so that Site.load can let each Markdown file go once its page holds the text.
    var sources = sources
    var result = BuildResult(
      files: [], diagnostics: sources.diagnostics, pageCount: 0, dataFileCount: 0)
    var clock = StageClock()
    var inputs = BuildInputs(sources)
    var previous = usablePrevious(previous, options: options, notes: &result.notes)
    if let found = previous, sources.diagnostics.isEmpty,
      found.isUpToDate(inputs, options: options)
    {
      result.timings.append(clock.lap("load"))
      return found.unchangedResult(timings: result.timings)
    }
    if let found = previous {
      previous = found.withPages()
      if previous == nil { result.notes.append(.manifestUnreadable(at: nil)) }
    }

    // The data loads into SQLite on another thread while the pages are parsed.
    let dataFiles = sources.subset(under: SourceFiles.contentFolder + dataFolder)
    let tableLoading = BackgroundWork {
      var diagnostics: [Diagnostic] = []
      let tables = DataTable.loadAll(from: dataFiles, diagnostics: &diagnostics)
      let database = Computation.database(holding: tables, diagnostics: &diagnostics)
      return (tables, database, diagnostics)
    }
    var site = Site.load(from: &sources, options: options, diagnostics: &result.diagnostics)
    let (tables, database, tableDiagnostics) = tableLoading.value
    result.diagnostics += tableDiagnostics
    let queries = Query.siteWide(from: sources, diagnostics: &result.diagnostics)
    inputs.addTables(tables)
    result.dataFileCount = tables.count
    result.dataRowCount = tables.reduce(0) { $0 + $1.rows.count }
    result.timings.append(clock.lap("load"))
    guard !result.diagnostics.hasErrors else { return result.failed() }

    let computation = Computation.run(
      site: &site, tables: tables, database: database, queries: queries,
      diagnostics: &result.diagnostics)
    site.addDerivedPages(diagnostics: &result.diagnostics)
    result.timings.append(clock.lap("compute"))
    guard !result.diagnostics.hasErrors else { return result.failed() }
    let earlyDiagnostics = result.diagnostics

    let rendering = SiteRenderer(
      site: site, sources: sources, computation: computation, relativeURLs: options.relativeURLs,
      inputs: inputs, previous: previous, staging: staging
    ).render(progress: progress, diagnostics: &result.diagnostics)
    result.timings.append(clock.lap("render"))
    guard !result.diagnostics.hasErrors else { return result.failed() }

    let check = SiteCheck(site: site, rendering: rendering, sources: sources)
    let outcome = check.run()
    result.timings.append(clock.lap("check"))
    result.add(rendering, checked: outcome)
    result.keptFiles = rendering.keptFiles.keys.sorted()
    result.stagedFiles = rendering.stagedFiles.sorted()
    result.pageCount = site.pages.count
    result.isIncremental = previous != nil
    result.manifest = BuildManifest(
      result: result, rendering: rendering, inputs: inputs, options: options)
    if remembering {
      result.memory = BuildMemory(
        options: options, sources: sources, site: site, inputs: inputs,
        computation: computation, rendering: rendering, findings: outcome.findings,
        earlyDiagnostics: earlyDiagnostics, result: result)
    }
    return result
  }

  /// The previous build, unless it can't be built on; notes say why not.
  private static func usablePrevious(
    _ reading: BuildManifest.Reading, options: BuildOptions, notes: inout [Diagnostic]
  ) -> BuildManifest.Previous? {
    switch reading {
    case .none:
      return nil
    case .unusable(let note):
      notes.append(note)
      return nil
    case .found(let previous):
      guard previous.manifest.options == options.fingerprint else {
        notes.append(.buildOptionsChanged())
        return nil
      }
      return previous
    }
  }

  /// The folder under `Content/` that holds data files.
  static let dataFolder = "data/"
}
