import Foundation

extension Site {
  /// LOAD: reads settings, pages, assets and templates from the sources. Every problem found is
  /// added to `diagnostics`; the returned site holds what could be loaded. Pages the site makes
  /// itself come later, from `addDerivedPages`, once generated pages exist.
  ///
  /// The Markdown files are taken out of `sources` as their pages are made, so a big site's
  /// text is never held twice.
  static func load(
    from sources: inout SourceFiles, options: BuildOptions, diagnostics: inout [Diagnostic]
  ) -> Site {
    let templates = TemplateSet.load(from: sources, diagnostics: &diagnostics)
    guard sources.contains(folder: SourceFiles.contentFolder) else {
      diagnostics.append(.missingContentFolder())
      return Site(config: SiteConfig(), basePath: "/", pages: [], assets: [:], templates: templates)
    }
    var config = SiteConfig.load(from: sources, diagnostics: &diagnostics)
    if let override = options.baseURL {
      if let normalized = SiteConfig.normalizedBaseURL(override) {
        config.baseURL = normalized
      } else {
        diagnostics.append(.invalidBaseURLOption(override))
      }
    }
    var site = Site(
      config: config, basePath: basePath(of: config.baseURL), pages: [], assets: [:],
      templates: templates)
    let paths = sources.paths(under: SourceFiles.contentFolder).filter {
      $0 != SiteConfig.path && !$0.hasPrefix(Query.folder)
    }
    // Front matter is parsed on every core; pages then claim their URLs one by one, in path
    // order, so which of two clashing pages wins never depends on timing.
    let markdownPaths = paths.filter { $0.hasSuffix(SourceFiles.markdownExtension) }
    var parsed: [String: ParsedPage] = [:]
    for start in stride(from: 0, to: markdownPaths.count, by: parsingChunkSize) {
      let chunk = markdownPaths[start..<min(start + parsingChunkSize, markdownPaths.count)]
      let texts = chunk.map { sources.files.removeValue(forKey: $0)! }
      let pages = Array(texts.indices).parallelMap {
        Self.parsePage(at: chunk[start + $0], data: texts[$0])
      }
      for (path, page) in zip(chunk, pages) { parsed[path] = page }
    }
    for path in paths {
      let outputPath = String(path.dropFirst(SourceFiles.contentFolder.count))
      if let page = parsed[path] {
        diagnostics += page.diagnostics
        if let split = page.split {
          site.addPage(
            at: path, split: split, frontMatter: page.frontMatter, options: options,
            diagnostics: &diagnostics)
        }
      } else if site.claim(outputPath, by: path, diagnostics: &diagnostics) {
        site.assets[outputPath] = path
      }
    }
    for path in templates.staticFiles.keys.sorted() {
      site.claim(
        path, by: SourceFiles.templatesFolder + TemplateSet.staticFolder + path,
        diagnostics: &diagnostics)
    }
    return site
  }

  /// The path part of a base URL (`https://example.org/pr-123/` → `/pr-123/`).
  static func basePath(of baseURL: String?) -> String {
    guard let baseURL, let schemeEnd = baseURL.range(of: "://") else { return "/" }
    let afterScheme = baseURL[schemeEnd.upperBound...]
    guard let pathStart = afterScheme.firstIndex(of: "/") else { return "/" }
    return String(afterScheme[pathStart...])
  }

  /// Records that `source` writes `outputPath`; false (with an error) when another source does.
  @discardableResult
  mutating func claim(_ outputPath: String, by source: String, diagnostics: inout [Diagnostic])
    -> Bool
  {
    if let other = outputClaims[outputPath] {
      diagnostics.append(
        .duplicateOutput(outputPath, first: other, at: SourceLocation(file: source)))
      return false
    }
    outputClaims[outputPath] = source
    return true
  }

  /// Pages parsed at a time, on every core.
  private static let parsingChunkSize = 512

  /// A Markdown file's front matter and body, read on any thread.
  struct ParsedPage: Sendable {
    var split: SplitPage?
    var frontMatter = FrontMatter()
    var diagnostics: [Diagnostic] = []
  }

  static func parsePage(at path: String, data: Data) -> ParsedPage {
    var parsed = ParsedPage()
    guard let text = decodeUTF8(data, file: path, diagnostics: &parsed.diagnostics) else {
      return parsed
    }
    do {
      let split = try FrontMatter.split(text, file: path)
      parsed.frontMatter = FrontMatter.decode(split, file: path, diagnostics: &parsed.diagnostics)
      parsed.split = split
    } catch {
      parsed.diagnostics += error.diagnostics
    }
    return parsed
  }

  private mutating func addPage(
    at path: String, split: SplitPage, frontMatter: FrontMatter, options: BuildOptions,
    diagnostics: inout [Diagnostic]
  ) {
    if frontMatter.draft && !options.includeDrafts { return }
    if let date = frontMatter.date, date.iso > options.today.iso, !options.includeFuture { return }

    let relative = String(
      path.dropFirst(SourceFiles.contentFolder.count).dropLast(SourceFiles.markdownExtension.count))
    let folder = relative.contains("/") ? String(relative[...relative.lastIndex(of: "/")!]) : ""
    let stem = String(relative.dropFirst(folder.count))
    let kind: Page.Kind = stem == "index" ? (folder.isEmpty ? .home : .section) : .page
    if frontMatter.slug != nil && kind != .page {
      diagnostics.append(.slugOnIndexPage(at: SourceLocation(file: path, line: 1, column: 1)))
    }
    let route = kind == .page ? folder + (frontMatter.slug ?? stem) + "/" : folder
    let layout = frontMatter.layout ?? Self.defaultLayout(for: kind)
    let layoutLocation =
      frontMatter.layoutLocation ?? SourceLocation(file: path, line: 1, column: 1)
    guard checkLayout(layout, at: layoutLocation, diagnostics: &diagnostics) else { return }
    // A generator page is a template for the pages it makes; only they claim URLs.
    if frontMatter.generator == nil {
      guard claim(Page.outputPath(for: route), by: path, diagnostics: &diagnostics) else { return }
    }
    let fallbackTitle = kind == .home ? config.title : Self.humanized(kind == .page ? stem : folder)
    pages.append(
      Page(
        kind: kind, route: route, layout: layout, title: frontMatter.title ?? fallbackTitle,
        frontMatter: frontMatter, sourcePath: path, body: split.body,
        bodyLocation: SourceLocation(file: path, line: split.bodyFirstLine, column: 1)))
  }

  /// Adds the home page when `Content/index.md` is missing, tag pages, the tag index and the
  /// 404 page, and links every page to the section that lists it.
  mutating func addDerivedPages(diagnostics: inout [Diagnostic]) {
    if !pages.contains(where: { $0.kind == .home }),
      checkLayout("home", at: nil, diagnostics: &diagnostics),
      claim(Page.outputPath(for: ""), by: "the home page", diagnostics: &diagnostics)
    {
      pages.append(Page(kind: .home, route: "", layout: "home", title: config.title))
    }
    let sectionRoutes = Set(pages.filter { $0.kind == .home || $0.kind == .section }.map(\.route))
    for index in pages.indices {
      pages[index].sectionRoute = Self.enclosingSection(of: pages[index], in: sectionRoutes)
    }

    var tagNames: [String: String] = [:]
    for page in pages where page.isListed {
      for tag in page.frontMatter.tags where !tag.slugified.isEmpty {
        tagNames[tag.slugified] = min(tagNames[tag.slugified] ?? tag, tag)
      }
    }
    if !tagNames.isEmpty {
      if templates.layouts.contains("tag") && templates.layouts.contains("tags") {
        for (slug, name) in tagNames.sorted(by: { $0.key < $1.key })
        where claim(
          Page.outputPath(for: "tags/\(slug)/"), by: "tag \"\(name)\"", diagnostics: &diagnostics)
        {
          pages.append(
            Page(kind: .tag, route: "tags/\(slug)/", layout: "tag", title: name))
        }
        if claim(Page.outputPath(for: "tags/"), by: "the tag index", diagnostics: &diagnostics) {
          pages.append(Page(kind: .tags, route: "tags/", layout: "tags", title: "Tags"))
        }
      } else {
        diagnostics.append(.missingTagLayouts())
      }
    }
    if templates.layouts.contains("404"),
      claim("404.html", by: "the 404 page", diagnostics: &diagnostics)
    {
      pages.append(Page(kind: .notFound, route: "404.html", layout: "404", title: "Page not found"))
    }
  }

  private func checkLayout(
    _ layout: String, at location: SourceLocation?, diagnostics: inout [Diagnostic]
  ) -> Bool {
    guard !templates.layouts.contains(layout) else { return true }
    diagnostics.append(
      .missingLayout(
        layout, suggestion: layout.closestMatch(in: templates.layouts),
        known: templates.layouts.sorted(), at: location))
    return false
  }

  static func defaultLayout(for kind: Page.Kind) -> String {
    switch kind {
    case .home: return "home"
    case .section: return "section"
    default: return "article"
    }
  }

  /// The nearest folder above the page that has an `index.md`; the home page for top-level pages.
  static func enclosingSection(of page: Page, in sections: Set<String>) -> String? {
    guard page.sourcePath != nil, page.kind != .home else { return nil }
    var folder = page.kind == .section ? String(page.route.dropLast()) : page.route
    while let slash = folder.dropLast().lastIndex(of: "/") {
      folder = String(folder[...slash])
      if sections.contains(folder) { return folder }
    }
    return sections.contains("") ? "" : nil
  }

  /// A title for a page that has none: `who-was-removed` → `Who was removed`.
  static func humanized(_ name: String) -> String {
    let words = name.split(whereSeparator: { $0 == "/" }).last.map(String.init) ?? name
    let spaced = words.replacingOccurrences(of: "-", with: " ").replacingOccurrences(
      of: "_", with: " ")
    return spaced.prefix(1).uppercased() + spaced.dropFirst()
  }
}

extension Page {
  static func outputPath(for route: String) -> String {
    route.isEmpty || route.hasSuffix("/") ? route + "index.html" : route
  }
}
