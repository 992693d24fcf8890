import Foundation

/// RENDER: turns a loaded site into its output files.
struct SiteRenderer {
  let site: Site
  let sources: SourceFiles
  let computation: Computation
  let relativeURLs: Bool

  /// What rendering produced, with what the checks need to know about it.
  struct Rendering {
    var files: [OutputFile]
    var markdown: [RenderedMarkdown?]
    /// Tables that some page shows, directly or through a query.
    var tablesUsed: Set<String>
  }

  func render(progress: BuildProgress?, diagnostics: inout [Diagnostic]) -> Rendering {
    let site = self.site
    let computation = self.computation
    let relativeURLs = self.relativeURLs
    let pageData = site.pages.map { computation.data(for: $0) }
    let rendered: [(RenderedMarkdown, Set<String>)?] = Array(site.pages.indices).parallelMap {
      index in
      let page = site.pages[index]
      guard page.sourcePath != nil else { return nil }
      let directives = PageDirectives(
        data: pageData[index], tables: computation.tables, basePath: site.basePath)
      let markdown = CommonMark.render(
        page.body, at: page.bodyLocation, options: site.config.markdown, basePath: site.basePath,
        directives: directives)
      return (markdown, directives.usage.names)
    }
    let markdown = rendered.map { $0?.0 }
    let tablesUsed = rendered.reduce(into: Set<String>()) { $0.formUnion($1?.1 ?? []) }
    diagnostics += markdown.flatMap { $0?.diagnostics ?? [] }
    guard !diagnostics.hasErrors else {
      return Rendering(files: [], markdown: markdown, tablesUsed: tablesUsed)
    }
    let context = TemplateContext(site: site, markdown: markdown, data: pageData)
    let counter = ProgressCounter(total: site.pages.count, report: progress)
    let pages: [OutputFile] = Array(site.pages.indices).parallelMap { index in
      let page = site.pages[index]
      var html = site.templates.render(context.context(forPageAt: index), layout: page.layout)
      if relativeURLs {
        html = RelativeURLs.rewrite(html, page: page.outputPath, basePath: site.basePath)
      }
      counter.advance()
      return OutputFile(path: page.outputPath, contents: Data(html.utf8))
    }

    var files = pages
    files.append(OutputFile(path: "sitemap.xml", contents: Data(Sitemap.xml(for: site).utf8)))
    files.append(
      OutputFile(path: "feed.xml", contents: Data(AtomFeed.xml(for: site, markdown: markdown).utf8))
    )
    for (outputPath, sourcePath) in site.assets {
      if let large = sources.largeFiles[sourcePath] {
        files.append(OutputFile(path: outputPath, copyOf: large))
      } else {
        files.append(OutputFile(path: outputPath, contents: sources.files[sourcePath] ?? Data()))
      }
    }
    for (outputPath, contents) in site.templates.staticFiles {
      files.append(OutputFile(path: outputPath, contents: contents))
    }
    return Rendering(
      files: files.sorted { $0.path < $1.path }, markdown: markdown, tablesUsed: tablesUsed)
  }
}

/// Counts rendered pages from several threads and reports each step.
private final class ProgressCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var completed = 0
  private let total: Int
  private let report: BuildProgress?

  init(total: Int, report: BuildProgress?) {
    self.total = total
    self.report = report
  }

  func advance() {
    guard let report else { return }
    let done = lock.withLock {
      completed += 1
      return completed
    }
    report(done, total)
  }
}
