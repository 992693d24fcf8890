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
    var diagnostics = sources.diagnostics
    var site = Site.load(from: sources, options: options, diagnostics: &diagnostics)
    let tables = DataTable.loadAll(from: sources, diagnostics: &diagnostics)
    let queries = Query.siteWide(from: sources, diagnostics: &diagnostics)
    func failed() -> BuildResult {
      BuildResult(
        files: [], diagnostics: diagnostics.sorted(), pageCount: 0, dataFileCount: tables.count)
    }
    guard !diagnostics.hasErrors else { return failed() }

    let computation = Computation.run(
      site: &site, tables: tables, queries: queries, diagnostics: &diagnostics)
    site.addDerivedPages(diagnostics: &diagnostics)
    guard !diagnostics.hasErrors else { return failed() }

    let rendering = SiteRenderer(site: site, sources: sources, computation: computation)
      .render(progress: progress, diagnostics: &diagnostics)
    guard !diagnostics.hasErrors else { return failed() }
    diagnostics += SiteCheck(site: site, rendering: rendering, sources: sources).run()
    return BuildResult(
      files: rendering.files, diagnostics: diagnostics.sorted(), pageCount: site.pages.count,
      dataFileCount: tables.count)
  }

  /// The folder under `Content/` that holds data files.
  static let dataFolder = "data/"
}
