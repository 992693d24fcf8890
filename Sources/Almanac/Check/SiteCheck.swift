import Foundation

/// CHECK: reads the built site the way a careful editor would, and reports what a reader would
/// trip over: links and fragments that lead nowhere, missing images, pages without a title or
/// summary, repeated ids, unused files, and chart colours that don't stand out. Everything it
/// finds is a warning; `almanac check --strict` treats warnings as errors.
struct SiteCheck {
  let site: Site
  let rendering: SiteRenderer.Rendering
  let sources: SourceFiles
  /// Each page's index in `site.pages`, by output path.
  private let pageIndices: [String: Int]

  init(site: Site, rendering: SiteRenderer.Rendering, sources: SourceFiles) {
    self.site = site
    self.rendering = rendering
    self.sources = sources
    var pageIndices: [String: Int] = [:]
    // From the route, so that no page is copied.
    for index in site.pages.indices {
      pageIndices[Page.outputPath(for: site.pages[index].route)] = index
    }
    self.pageIndices = pageIndices
  }

  /// A link or asset reference found in a built page.
  struct Reference: Hashable {
    var page: String
    var url: String
  }

  /// What the check found: every warning, each page's findings by output path, and every
  /// `http(s)` link in the site, once, with where it was first written (in page order).
  struct Outcome {
    var diagnostics: [Diagnostic]
    var findings: [String: PageFindings]
    var externalLinks: [ExternalLink]
  }

  /// Checks the site.
  ///
  /// - Parameter earlier: findings of pages of this site that are known to be what checking
  ///   them again would find (their facts, and the ids and files they link to, are unchanged);
  ///   those pages are not checked again.
  func run(reusing earlier: [String: PageFindings] = [:]) -> Outcome {
    // In no particular order: the build sorts what the check finds.
    var unchecked: [(String, PageFacts)] = []
    for (path, facts) in rendering.facts where earlier[path] == nil {
      unchecked.append((path, facts))
    }
    // Pages are checked on every core.
    let checked = unchecked.parallelMap { path, facts in
      checkLinks(of: path, facts: facts)
    }
    var findings = earlier
    for (page, found) in zip(unchecked, checked) { findings[page.0] = found }
    var diagnostics: [Diagnostic] = []
    var linked: Set<String> = []
    for found in findings.values {
      diagnostics += found.duplicateIDs + found.links
      linked.formUnion(found.linked)
    }

    diagnostics += pageChecks()
    diagnostics += unusedFiles(linked: linked)
    diagnostics += chartContrast()
    return Outcome(
      diagnostics: diagnostics, findings: findings, externalLinks: externalLinks(in: findings))
  }

  /// What the check finds in one page: its repeated ids, its broken links, the files from
  /// `Content/` it links to, and its links to other sites.
  struct PageFindings: Sendable {
    var duplicateIDs: [Diagnostic] = []
    var links: [Diagnostic] = []
    var linked: [String] = []
    var external: [String] = []
  }

  private func checkLinks(of path: String, facts: PageFacts) -> PageFindings {
    // Every file the site has, written or kept.
    let outputs = rendering.outputRecords
    var findings = PageFindings()
    let counts = facts.ids.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
    for id in counts.filter({ $0.value > 1 }).keys.sorted() {
      findings.duplicateIDs.append(
        .duplicateID(id, at: location(ofPage: path, text: "id=\"\(id)\"")))
    }
    for url in facts.references.map(ownURL) {
      let reference = Reference(page: path, url: url)
      switch LinkTarget.resolve(url, from: path, basePath: site.basePath) {
      case .external:
        if Provenance.isWebAddress(url) { findings.external.append(url) }
      case .none:
        continue
      case .outsideSite:
        findings.links.append(
          .linkOutsideBasePath(url, basePath: site.basePath, at: location(of: reference)))
      case .internal(let path, let fragment):
        let target =
          outputs[path] != nil
          ? path : (outputs[path + "/index.html"] != nil ? path + "/index.html" : nil)
        guard let target else {
          let isPage = path.hasSuffix(".html") || !path.split(separator: "/").last!.contains(".")
          findings.links.append(
            isPage
              ? .brokenLink(url, at: location(of: reference))
              : .missingAsset(url, at: location(of: reference)))
          continue
        }
        if site.assets[target] != nil { findings.linked.append(target) }
        if let fragment, !fragment.isEmpty, let ids = rendering.facts[target]?.ids,
          !ids.contains(fragment)
        {
          findings.links.append(
            .missingFragment(
              fragment,
              page: site.basePath
                + (target.hasSuffix("index.html") ? String(target.dropLast(10)) : target),
              suggestion: fragment.closestMatch(in: ids), at: location(of: reference)))
        }
      }
    }
    return findings
  }

  /// A link to this site's own address (a canonical link, a feed link) as the path it is, so
  /// it is checked like any internal link instead of over the network.
  private func ownURL(_ url: String) -> String {
    guard let baseURL = site.config.baseURL, url.hasPrefix(baseURL) else { return url }
    return site.basePath + url.dropFirst(baseURL.count)
  }

  private func externalLinks(in findings: [String: PageFindings]) -> [ExternalLink] {
    var seen: Set<String> = []
    var links: [ExternalLink] = []
    let linking = findings.filter { !$0.value.external.isEmpty }
    for (path, found) in linking.sorted(by: { $0.key < $1.key }) {
      for url in found.external where seen.insert(url).inserted {
        links.append(
          ExternalLink(url: url, location: location(of: Reference(page: path, url: url))))
      }
    }
    return links
  }

  /// Pages a reader finds in lists and search results need a title and a summary.
  private func pageChecks() -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    // By index, without copying each page.
    for index in site.pages.indices {
      guard let sourcePath = site.pages[index].sourcePath, site.pages[index].row == nil else {
        continue
      }
      let start = SourceLocation(file: sourcePath, line: 1, column: 1)
      if site.pages[index].frontMatter.title == nil {
        diagnostics.append(.pageWithoutTitle(at: start))
      }
      if site.pages[index].frontMatter.summary == nil
        && (rendering.markdown[index]?.firstParagraph ?? "").isEmpty
      {
        diagnostics.append(.pageWithoutSummary(at: start))
      }
    }
    return diagnostics
  }

  /// Files in `Content/` that nothing links to and no query or chart reads.
  private func unusedFiles(linked: Set<String>) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let dataFolder = Almanac.dataFolder
    for (outputPath, sourcePath) in site.assets.sorted(by: { $0.key < $1.key })
    where !linked.contains(outputPath) {
      if outputPath.hasPrefix(dataFolder) {
        let fileName = String(outputPath.dropFirst(dataFolder.count))
        let table = String(fileName.prefix { $0 != "." })
        if rendering.tablesUsed.contains(table) { continue }
      }
      diagnostics.append(.unusedFile(at: SourceLocation(file: sourcePath)))
    }
    return diagnostics
  }

  /// Every chart series colour must stand out from the page background (3:1) in the theme's
  /// stylesheet, in light and dark mode.
  private func chartContrast() -> [Diagnostic] {
    guard
      let css = site.templates.staticFiles["style.css"].map({ String(decoding: $0, as: UTF8.self) })
    else {
      return []
    }
    let file =
      site.templates.isDefaultTheme ? "(built-in theme) style.css" : "Templates/static/style.css"
    var diagnostics: [Diagnostic] = []
    for (scope, marker) in [("light", ":root"), ("dark", "prefers-color-scheme: dark")] {
      guard let background = Contrast.customProperty("bg", in: css, after: marker) else { continue }
      for index in 1...ColorScale.categorical.count {
        let chartMarker =
          scope == "light" ? ".chart {" : "@media (prefers-color-scheme: dark) {\n  .chart {"
        guard let color = Contrast.customProperty("chart-\(index)", in: css, after: chartMarker)
        else { continue }
        let ratio = Contrast.ratio(color, background)
        if ratio < 3 {
          diagnostics.append(
            .lowChartContrast(
              "--chart-\(index)", color: color, background: background, ratio: ratio, mode: scope,
              at: SourceLocation(file: file)))
        }
      }
    }
    return diagnostics
  }

  /// Where a reference was written: the line in the page's Markdown, or in its layout, that
  /// holds the URL; the page's file when neither does (the link came from a partial).
  private func location(of reference: Reference) -> SourceLocation? {
    location(
      ofPage: reference.page, text: reference.url)
  }

  private func location(ofPage outputPath: String, text: String) -> SourceLocation? {
    guard let index = pageIndices[outputPath] else { return nil }
    let page = site.pages[index]
    if let sourcePath = page.sourcePath {
      if let found = Self.find(text, in: page.body) {
        return SourceLocation(
          file: sourcePath, line: page.bodyLocation.line + found.line - 1, column: found.column)
      }
      let layoutPath = SourceFiles.templatesFolder + page.layout + TemplateSet.fileExtension
      if let data = sources.files[layoutPath],
        let found = Self.find(text, in: String(decoding: data, as: UTF8.self))
      {
        return SourceLocation(file: layoutPath, line: found.line, column: found.column)
      }
      return SourceLocation(file: sourcePath)
    }
    return SourceLocation(file: outputPath)
  }

  static func find(_ needle: String, in text: String) -> (line: Int, column: Int)? {
    guard !needle.isEmpty, let range = text.range(of: needle) else { return nil }
    let before = text[..<range.lowerBound]
    let line = before.filter { $0 == "\n" }.count + 1
    let column =
      before.distance(
        from: before.lastIndex(of: "\n").map(before.index(after:)) ?? before.startIndex,
        to: before.endIndex) + 1
    return (line, column)
  }
}

/// Finds ids and link targets in HTML that Almanac wrote (attribute values always in double
/// quotes), without a full parser.
enum HTMLScan {
  /// The values of every ` id="…"`, and of every ` href="…"` then every ` src="…"`, as the
  /// browser reads them.
  ///
  /// One pass over the bytes that jumps from one `="` to the next with `memchr`, since pages are
  /// mostly text between attributes; Foundation's `range(of:)` on substrings copied the text on
  /// every call, which made this quadratic in the size of a page.
  static func attributes(in html: Data) -> (ids: [String], references: [String]) {
    var ids: [String] = []
    var hrefs: [String] = []
    var sources: [String] = []
    html.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
      guard let base = bytes.baseAddress else { return }
      let count = bytes.count
      var index = 0
      while index < count,
        let found = memchr(base + index, Int32(UInt8(ascii: "=")), count - index)
      {
        let equals = base.distance(to: UnsafeRawPointer(found))
        index = equals + 1
        guard index < count, bytes[index] == UInt8(ascii: "\"") else { continue }
        let name = attributeName(before: equals, in: bytes)
        guard name != .none else { continue }
        let start = index + 1
        guard let closing = memchr(base + start, Int32(UInt8(ascii: "\"")), count - start) else {
          break
        }
        let end = base.distance(to: UnsafeRawPointer(closing))
        let value = Escape.attributeValue(
          String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
        switch name {
        case .id: ids.append(value)
        case .href: hrefs.append(value)
        case .src: sources.append(value)
        case .none: break
        }
        index = end + 1
      }
    }
    return (ids, hrefs + sources)
  }

  private enum AttributeName { case id, href, src, none }

  /// Which of the scanned attributes ends just before `equals`, preceded by a space.
  private static func attributeName(before equals: Int, in bytes: UnsafeRawBufferPointer)
    -> AttributeName
  {
    func preceded(by name: StaticString) -> Bool {
      let length = name.utf8CodeUnitCount
      guard equals >= length + 1, bytes[equals - length - 1] == UInt8(ascii: " ") else {
        return false
      }
      return name.withUTF8Buffer { name in
        name.indices.allSatisfy { bytes[equals - length + $0] == name[$0] }
      }
    }
    if preceded(by: "id") { return .id }
    if preceded(by: "href") { return .href }
    if preceded(by: "src") { return .src }
    return .none
  }
}

/// Where a link in a built page leads.
enum LinkTarget: Equatable {
  /// Another site, or a scheme such as `mailto:`.
  case external(String)
  /// A file of this site, as a path in the output, and the fragment after `#`.
  case `internal`(path: String, fragment: String?)
  /// A root-relative link that doesn't start with the site's base path.
  case outsideSite

  /// nil for links that lead nowhere to check (an empty `href`).
  ///
  /// Worked out on UTF-8 bytes, as browsers compare URLs: on `String`s this was 10,000
  /// instructions a link, a tenth of a build.
  static func resolve(_ url: String, from page: String, basePath: String) -> LinkTarget? {
    let dot = UInt8(ascii: ".")
    let bytes = Array(url.utf8)
    var end = bytes.endIndex
    var fragment: String?
    if let hash = bytes.firstIndex(of: UInt8(ascii: "#")) {
      let text = String(decoding: bytes[(hash + 1)...], as: UTF8.self)
      fragment = percentDecoded(text)
      end = hash
    }
    if let query = bytes[..<end].firstIndex(of: UInt8(ascii: "?")) { end = query }
    let target = bytes[..<end]
    if target.starts(with: "//".utf8)
      || (target.contains(UInt8(ascii: ":")) && hasScheme(target))
    {
      return .external(url)
    }
    if target.isEmpty {
      return fragment == nil ? nil : .internal(path: page, fragment: fragment)
    }
    // The path so far, and where each of its segments starts, so `..` can take the last off.
    var path: [UInt8] = []
    var starts: [Int] = []
    func walk(_ segments: ArraySlice<UInt8>, omittingEmpty: Bool) -> Bool {
      var start = segments.startIndex
      while start <= segments.endIndex {
        let end = segments[start...].firstIndex(of: UInt8(ascii: "/")) ?? segments.endIndex
        let segment = segments[start..<end]
        start = end + 1
        if segment.isEmpty && omittingEmpty { continue }
        if segment.count == 2 && segment.first == dot && segment.last == dot {
          guard let last = starts.popLast() else { return false }
          path.removeSubrange(max(last - 1, 0)...)
        } else if !(segment.count == 1 && segment.first == dot) {
          if !starts.isEmpty || !path.isEmpty { path.append(UInt8(ascii: "/")) }
          starts.append(path.count)
          path.append(contentsOf: segment)
        }
      }
      return true
    }
    if target.first == UInt8(ascii: "/") {
      let base = Array(basePath.utf8)
      guard target.starts(with: base) || target + [UInt8(ascii: "/")] == base[...] else {
        return .outsideSite
      }
      guard walk(target.dropFirst(min(base.count, target.count)), omittingEmpty: false) else {
        return .outsideSite
      }
    } else {
      // The page's folder: its path without its last segment.
      var pageBytes = Array(page.utf8)
      while pageBytes.last == UInt8(ascii: "/") { pageBytes.removeLast() }
      let folder = pageBytes[..<(pageBytes.lastIndex(of: UInt8(ascii: "/")) ?? 0)]
      guard walk(folder, omittingEmpty: true), walk(target, omittingEmpty: false) else {
        return .outsideSite
      }
    }
    let joined = String(decoding: path, as: UTF8.self)
    let decoded = percentDecoded(joined) ?? joined
    let file = decoded.isEmpty || decoded.hasSuffix("/") ? decoded + "index.html" : decoded
    return .internal(
      path: file.hasPrefix("/") ? String(file.dropFirst()) : file, fragment: fragment)
  }

  /// Whether a link names a scheme (`mailto:`, `tel:`, `data:`, `javascript:`, or any with
  /// `://`), in any case.
  private static func hasScheme(_ target: ArraySlice<UInt8>) -> Bool {
    if ["mailto:", "tel:", "data:", "javascript:"].contains(where: {
      TextScan.hasPrefix(target, ignoringASCIICase: $0)
    }) {
      return true
    }
    return target.indices.contains { target[$0...].starts(with: "://".utf8) }
  }

  /// `removingPercentEncoding`, which is slow even on text without a `%`, only where needed.
  private static func percentDecoded(_ text: String) -> String? {
    text.utf8.contains(UInt8(ascii: "%")) ? text.removingPercentEncoding : text
  }
}
