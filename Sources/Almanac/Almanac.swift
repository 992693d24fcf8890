/// Almanac builds a static site from Markdown, data and templates in four stages:
///
/// 1. LOAD: `Content/` and `Templates/` become a `Site` (settings, pages, assets, templates).
/// 2. COMPUTE: (queries and charts, once those land) work out every figure the pages cite.
/// 3. RENDER: each page's Markdown becomes HTML, and its layout wraps it into a whole page.
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
    let site = Site.load(from: sources, options: options, diagnostics: &diagnostics)
    let dataFileCount = site.assets.keys.filter { $0.hasPrefix(dataFolder) }.count
    guard !diagnostics.hasErrors else {
      return BuildResult(
        files: [], diagnostics: diagnostics.sorted(), pageCount: 0, dataFileCount: dataFileCount)
    }
    let files = SiteRenderer(site: site, sources: sources).render(progress: progress)
    return BuildResult(
      files: files, diagnostics: diagnostics.sorted(), pageCount: site.pages.count,
      dataFileCount: dataFileCount)
  }

  /// The folder under `Content/` that holds data files.
  static let dataFolder = "data/"
}
