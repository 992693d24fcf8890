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

  /// Builds a site in memory. The result holds every output file, or the errors that stopped it.
  public static func build(
    _ sources: SourceFiles, options: BuildOptions = BuildOptions(), progress: BuildProgress? = nil
  ) -> BuildResult {
    var result = BuildResult(
      files: [], diagnostics: sources.diagnostics, pageCount: 0, dataFileCount: 0)
    var clock = StageClock()
    var site = Site.load(from: sources, options: options, diagnostics: &result.diagnostics)
    let tables = DataTable.loadAll(from: sources, diagnostics: &result.diagnostics)
    let queries = Query.siteWide(from: sources, diagnostics: &result.diagnostics)
    result.dataFileCount = tables.count
    result.dataRowCount = tables.reduce(0) { $0 + $1.rows.count }
    result.timings.append(clock.lap("load"))
    guard !result.diagnostics.hasErrors else { return result.failed() }

    let computation = Computation.run(
      site: &site, tables: tables, queries: queries, diagnostics: &result.diagnostics)
    site.addDerivedPages(diagnostics: &result.diagnostics)
    result.timings.append(clock.lap("compute"))
    guard !result.diagnostics.hasErrors else { return result.failed() }

    let rendering = SiteRenderer(
      site: site, sources: sources, computation: computation, relativeURLs: options.relativeURLs
    ).render(progress: progress, diagnostics: &result.diagnostics)
    result.timings.append(clock.lap("render"))
    guard !result.diagnostics.hasErrors else { return result.failed() }

    let check = SiteCheck(site: site, rendering: rendering, sources: sources)
    result.diagnostics += check.run()
    result.externalLinks = check.externalLinks()
    result.timings.append(clock.lap("check"))
    result.files = rendering.files
    result.pageCount = site.pages.count
    result.diagnostics.sort()
    return result
  }

  /// The folder under `Content/` that holds data files.
  static let dataFolder = "data/"
}
