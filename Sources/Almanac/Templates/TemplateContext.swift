import Foundation

/// The values templates see, documented in `docs/templates.md`.
///
/// Everything is formatted here, in Swift, because Mustache has no filters: templates only place
/// values. The parts shared by every page (the site, page lists, tags) are built once and reused.
final class TemplateContext: @unchecked Sendable {
  // Immutable after `init`, so reading from several threads at once is safe.
  let site: Site
  private let data: [Computation.PageData]
  let summaries: [[String: Any]]
  let siteContext: [String: Any]
  let listedPages: [[String: Any]]
  let sectionMembers: [String: [[String: Any]]]
  let tags: [String: [String: Any]]
  /// Sections and menu pages for the navigation, with the route each entry links to.
  let navigation: (sections: [(String, [String: Any])], menu: [(String, [String: Any])])
  /// The pages behind each list above, as indices into `site.pages`, in the lists' order.
  let listedIndices: [Int]
  let sectionMemberIndices: [String: [Int]]
  let sectionIndices: [Int]
  let menuIndices: [Int]
  /// Tag pages by slug, and the pages each tag lists.
  let tagPageIndices: [String: Int]
  let taggedIndices: [String: [Int]]
  /// Whether `init` was given each page's Markdown; a page rendered before it was is summarized
  /// from the Markdown it is rendered with.
  private let summarizedMarkdown: [Bool]
  private let sectionTitles: [String: String]
  /// The rows of each site-wide query as templates see them, formatted once rather than for
  /// every page that sees them (every page does).
  private let siteWideRows: [String: [[String: String]]]

  /// Every key `page` and `site` can hold (`docs/templates.md` lists them), so templates that
  /// name any other are warned about when they are loaded.
  static let knownKeys: [String: Set<String>] = [
    "page": [
      "title", "url", "permalink", "kind", "summary", "tags", "draft", "weight",
      "reading_minutes", "params", "row", "date", "section", "content", "toc", "has_toc",
      "word_count", "queries", "values",
    ],
    "site": [
      "title", "description", "language", "author", "base_url", "root", "feed_url",
      "sitemap_url", "pages", "tags", "has_tags", "generator", "sections", "menu",
    ],
  ]

  /// Average adult reading speed for non-fiction, in words per minute.
  static let wordsPerMinute = 230
  /// How many of a section's pages `site.sections[].preview` holds, for home pages.
  static let previewLength = 6
  /// Longest summary taken from a page's first paragraph, in words.
  static let summaryWordLimit = 40

  /// - Parameter markdown: each page's Markdown, for the summaries and reading times in page
  ///   lists; only its first paragraph and word count are read. A page whose Markdown is not
  ///   known yet (nil) has an incomplete summary in the lists, so it may only be rendered with
  ///   a layout that shows no list holding it.
  convenience init(site: Site, markdown: [RenderedMarkdown?], data: [Computation.PageData]) {
    let order = Order(of: site)
    let sectionTitles = order.sectionTitles
    let summaries = Array(site.pages.indices).parallelMap { index in
      ContextValues(
        Self.summary(
          of: site.pages[index], markdown: markdown[index], sectionTitles: sectionTitles, in: site
        ))
    }.map(\.values)
    self.init(
      site: site, data: data, summaries: summaries,
      summarizedMarkdown: markdown.map { $0 != nil }, order: order)
  }

  /// The same context for `site`, whose pages at `indices` have new Markdown; everything else
  /// about the pages (their front matter, order and routes) must be as before. Only those pages
  /// are summarized again, and the lists keep their order.
  func replacingSummaries(
    ofPagesAt indices: [Int], markdown: [RenderedMarkdown?], in site: Site
  ) -> TemplateContext {
    var summaries = self.summaries
    var summarized = summarizedMarkdown
    for index in indices {
      summaries[index] = Self.summary(
        of: site.pages[index], markdown: markdown[index], sectionTitles: sectionTitles, in: site)
      summarized[index] = markdown[index] != nil
    }
    let order = Order(
      listed: listedIndices, sectionMembers: sectionMemberIndices, tagged: taggedIndices,
      tagPages: tagPageIndices, sections: sectionIndices, menu: menuIndices,
      sectionTitles: sectionTitles)
    return TemplateContext(
      site: site, data: data, summaries: summaries, summarizedMarkdown: summarized, order: order)
  }

  /// Context values built on another thread. They are plain values (text, numbers, flags, and
  /// arrays and maps of them), so handing them over is safe.
  private struct ContextValues: @unchecked Sendable {
    let values: [String: Any]
    init(_ values: [String: Any]) { self.values = values }
  }

  /// Which pages each list holds, in order, as indices into `site.pages`: everything about the
  /// lists but the summaries in them.
  fileprivate struct Order {
    var listed: [Int]
    var sectionMembers: [String: [Int]]
    var tagged: [String: [Int]]
    var tagPages: [String: Int]
    var sections: [Int]
    var menu: [Int]
    var sectionTitles: [String: String]
  }

  private init(
    site: Site, data: [Computation.PageData], summaries: [[String: Any]],
    summarizedMarkdown: [Bool], order: Order
  ) {
    self.site = site
    self.data = data
    var siteWideRows: [String: [[String: String]]] = [:]
    for pageData in data {
      for name in pageData.siteWideNames where siteWideRows[name] == nil {
        siteWideRows[name] = Self.formattedRows(of: pageData.results[name]!)
      }
    }
    self.siteWideRows = siteWideRows
    let pages = site.pages
    sectionTitles = order.sectionTitles
    self.summarizedMarkdown = summarizedMarkdown
    self.summaries = summaries
    listedIndices = order.listed
    listedPages = order.listed.map { summaries[$0] }
    sectionMemberIndices = order.sectionMembers
    sectionMembers = order.sectionMembers.mapValues { $0.map { summaries[$0] } }
    var tagPages: [String: [String: Any]] = [:]
    for (slug, index) in order.tagPages {
      let page = pages[index]
      let members = order.tagged[slug] ?? []
      tagPages[slug] = [
        "name": page.title, "slug": slug, "url": site.url(page.route), "count": members.count,
        "pages": members.map { summaries[$0] },
      ]
    }
    tags = tagPages
    tagPageIndices = order.tagPages
    taggedIndices = order.tagged
    let sectionIndices = order.sections
    self.sectionIndices = sectionIndices
    let menuIndices = order.menu
    self.menuIndices = menuIndices
    let membersOfSections = sectionMembers
    navigation = (
      sections: sectionIndices.map { index in
        let members = membersOfSections[pages[index].route] ?? []
        let listing: [String: Any] = [
          "pages": members, "count": members.count,
          // A map holding `pages`, so the page-list partial can list it unchanged.
          "preview": ["pages": Array(members.prefix(Self.previewLength))],
          "has_more": members.count > Self.previewLength,
        ]
        return (pages[index].route, summaries[index].merging(listing) { $1 })
      },
      menu: menuIndices.map { (pages[$0].route, summaries[$0]) }
    )
    siteContext = Self.withoutEmptyText([
      "title": site.config.title,
      "description": site.config.description,
      "language": site.config.language,
      "author": site.config.author,
      "base_url": site.config.baseURL ?? site.basePath,
      "root": site.basePath,
      "feed_url": site.url(AtomFeed.path),
      "sitemap_url": site.url(Sitemap.path),
      "pages": listedPages,
      "tags": tagPages.keys.sorted().map { tagPages[$0]! },
      "has_tags": !tagPages.isEmpty,
      "generator": "Almanac \(Almanac.version)",
    ])
  }

  /// The whole context for rendering one page, given its rendered Markdown.
  func context(forPageAt index: Int, rendered: RenderedMarkdown?) -> [String: Any] {
    let page = site.pages[index]
    var pageContext =
      summarizedMarkdown[index] || rendered == nil
      ? summaries[index]
      : Self.summary(of: page, markdown: rendered, sectionTitles: sectionTitles, in: site)
    if let rendered {
      pageContext["content"] = rendered.html
      let toc = Self.tableOfContents(rendered.headings)
      pageContext["toc"] = toc
      pageContext["has_toc"] = !toc.isEmpty
      pageContext["word_count"] = rendered.wordCount
    } else {
      pageContext["content"] = ""
      pageContext["toc"] = [[String: Any]]()
      pageContext["has_toc"] = false
      pageContext["word_count"] = 0
    }
    let pageData = data[index]
    var queries: [String: [[String: String]]] = [:]
    var values: [String: [String: String]] = [:]
    for (name, result) in pageData.results {
      let rows =
        pageData.siteWideNames.contains(name)
        ? siteWideRows[name]! : Self.formattedRows(of: result)
      queries[name] = rows
      if rows.count == 1 { values[name] = rows[0] }
    }
    pageContext["queries"] = queries
    pageContext["values"] = values
    var siteValues = siteContext
    siteValues["sections"] = Self.marking(navigation.sections, currentFor: page)
    siteValues["menu"] = Self.marking(navigation.menu, currentFor: page)
    var context: [String: Any] = ["site": siteValues, "page": pageContext, "pages": listedPages]
    switch page.kind {
    case .home, .section:
      context["section"] = [
        "title": page.title, "url": site.url(page.route), "pages": sectionMembers[page.route] ?? [],
      ]
    case .tag:
      context["tag"] = tags[page.title.slugified]
    default:
      break
    }
    return context
  }

  private static func summary(
    of page: Page, markdown: RenderedMarkdown?, sectionTitles: [String: String], in site: Site
  ) -> [String: Any] {
    let frontMatter = page.frontMatter
    let words = markdown?.wordCount ?? 0
    var summary: [String: Any] = [
      "title": page.title,
      "url": site.url(page.route),
      "permalink": site.permalink(page.route),
      "kind": page.kind.rawValue,
      "summary": frontMatter.summary ?? shortened(markdown?.firstParagraph ?? ""),
      "tags": frontMatter.tags.map { tag in
        ["name": tag, "slug": tag.slugified, "url": site.url("tags/\(tag.slugified)/")]
      },
      "draft": frontMatter.draft,
      "weight": frontMatter.weight,
      "reading_minutes": max(1, (words + wordsPerMinute / 2) / wordsPerMinute),
      "params": templateValue(of: frontMatter.params),
    ]
    if let row = page.row {
      summary["row"] = row.mapValues { (try? ValueText.formatted($0)) ?? ValueText.plain($0) }
    }
    if let date = frontMatter.date {
      summary["date"] = [
        "iso": date.iso, "long": date.long, "short": date.short, "year": String(date.year),
        "rfc3339": date.rfc3339,
      ]
    }
    if let section = page.sectionRoute, let title = sectionTitles[section] {
      summary["section"] = ["title": title, "url": site.url(section)]
    }
    return withoutEmptyText(summary)
  }

  /// Navigation entries, each with `current` set when the page is the entry's page or inside it.
  private static func marking(_ entries: [(String, [String: Any])], currentFor page: Page)
    -> [[String: Any]]
  {
    entries.map { route, entry in
      var entry = entry
      entry["current"] =
        page.route == route || (route.hasSuffix("/") && page.route.hasPrefix(route))
      return entry
    }
  }

  /// Leaves out empty text, because Mustache treats an empty string as true in sections, so
  /// `{{#page.summary}}…{{/page.summary}}` could not otherwise fall back to something else.
  private static func withoutEmptyText(_ values: [String: Any]) -> [String: Any] {
    values.filter { ($0.value as? String)?.isEmpty != true }
  }

  /// A result's rows, each as column → text in the default format for its type.
  static func formattedRows(of result: SQLiteDatabase.Result) -> [[String: String]] {
    result.rows.map { row in
      Dictionary(
        zip(result.columns, row.map { (try? ValueText.formatted($0)) ?? ValueText.plain($0) }),
        uniquingKeysWith: { $1 })
    }
  }

  /// Level-2 headings, each with the level-3 headings beneath it.
  static func tableOfContents(_ headings: [Heading]) -> [[String: Any]] {
    var entries: [[String: Any]] = []
    var children: [[String: Any]] = []
    func entry(_ heading: Heading) -> [String: Any] {
      ["id": heading.id, "title": heading.title, "level": heading.level]
    }
    func closeEntry() {
      guard !entries.isEmpty else { return }
      entries[entries.count - 1]["children"] = children
      entries[entries.count - 1]["has_children"] = !children.isEmpty
      children = []
    }
    for heading in headings where heading.level == 2 || heading.level == 3 {
      if heading.level == 2 || entries.isEmpty {
        closeEntry()
        entries.append(entry(heading))
      } else {
        children.append(entry(heading))
      }
    }
    closeEntry()
    return entries
  }

  /// The first `summaryWordLimit` words of a text, and an ellipsis when there were more.
  static func shortened(_ text: String) -> String {
    let words = text.split(whereSeparator: \.isWhitespace)
    guard words.count > summaryWordLimit else { return text }
    return words.prefix(summaryWordLimit).joined(separator: " ") + "…"
  }

  private static func templateValue(of entries: [YAMLEntry]) -> [String: Any] {
    var values: [String: Any] = [:]
    for entry in entries {
      if let value = templateValue(of: entry.node) { values[entry.key] = value }
    }
    return values
  }

  private static func templateValue(of node: YAMLNode) -> Any? {
    switch node.value {
    case .null: return nil
    case .bool(let flag): return flag
    case .int(let number): return number
    case .double(let number): return number
    case .string(let text): return text
    case .list(let items): return items.compactMap { templateValue(of: $0) }
    case .mapping(let entries): return templateValue(of: entries)
    }
  }

  /// Newest first; undated pages last; then by title and URL so ties never depend on load order.
  static func newestFirst(_ lhs: Page, _ rhs: Page) -> Bool {
    switch (lhs.frontMatter.date, rhs.frontMatter.date) {
    case (let left?, let right?) where left != right: return left > right
    case (.some, nil): return true
    case (nil, .some): return false
    default: return (lhs.title, lhs.route) < (rhs.title, rhs.route)
    }
  }

  /// Lighter weights first, then newest first.
  static func byWeight(_ lhs: Page, _ rhs: Page) -> Bool {
    lhs.frontMatter.weight != rhs.frontMatter.weight
      ? lhs.frontMatter.weight < rhs.frontMatter.weight : newestFirst(lhs, rhs)
  }
}

extension TemplateContext.Order {
  /// The lists' order for `site`: newest first for page and tag lists, by weight for sections'
  /// pages, sections and the menu.
  init(of site: Site) {
    let pages = site.pages
    var sectionTitles: [String: String] = [:]
    for page in pages where page.kind == .home || page.kind == .section {
      sectionTitles[page.route] = page.title
    }
    let byDate = pages.indices.filter { pages[$0].isListed }
      .sorted { TemplateContext.newestFirst(pages[$0], pages[$1]) }
    var members: [String: [Int]] = [:]
    for index in pages.indices where pages[index].sourcePath != nil {
      if let section = pages[index].sectionRoute { members[section, default: []].append(index) }
    }
    var tagged: [String: [Int]] = [:]
    for index in byDate {
      for slug in Set(pages[index].frontMatter.tags.map(\.slugified)) {
        tagged[slug, default: []].append(index)
      }
    }
    var tagPages: [String: Int] = [:]
    for index in pages.indices where pages[index].kind == .tag {
      tagPages[pages[index].title.slugified] = index
    }
    self.init(
      listed: byDate,
      sectionMembers: members.mapValues { indices in
        indices.sorted { TemplateContext.byWeight(pages[$0], pages[$1]) }
      },
      tagged: tagged, tagPages: tagPages,
      sections: pages.indices.filter { pages[$0].kind == .section }
        .sorted { TemplateContext.byWeight(pages[$0], pages[$1]) },
      menu: pages.indices.filter { pages[$0].frontMatter.menu }
        .sorted { TemplateContext.byWeight(pages[$0], pages[$1]) },
      sectionTitles: sectionTitles)
  }
}
