import Foundation

/// RENDER: turns a loaded site into its output files.
///
/// Given the previous build's manifest, it renders only the pages whose inputs changed, and
/// keeps the rest of the output as it is; what it renders is byte for byte what a full build
/// would.
struct SiteRenderer {
  let site: Site
  let sources: SourceFiles
  let computation: Computation
  let relativeURLs: Bool
  let inputs: BuildInputs
  let previous: BuildManifest.Previous?
  /// Where pages go as soon as they are rendered, so a big site is never held whole; without
  /// one, every file is returned in `Rendering.files`.
  let staging: OutputWriter.Staging?

  /// Pages rendered (and handed to `staging`) at a time.
  static let chunkSize = 256
  /// Up to this many pages, Markdown rendered for the page lists is kept for the layouts;
  /// beyond it, it is rendered again a chunk at a time, so memory stays bounded.
  static let keptMarkdownLimit = 2_000

  /// What rendering produced, with what the checks and the next build need to know about it.
  struct Rendering {
    /// Files whose bytes may differ from the output folder's: to be written.
    var files: [OutputFile] = []
    /// Files already handed to the staging area.
    var stagedFiles: Set<String> = []
    /// Output files known to be unchanged since the previous build: to be left alone.
    var keptFiles: [String: BuildManifest.OutputRecord] = [:]
    /// The hash and size of every output file, written or kept.
    var outputRecords: [String: BuildManifest.OutputRecord] = [:]
    /// Each page's Markdown; for pages that were not rendered again, only the first paragraph
    /// and word count, from the manifest.
    var markdown: [RenderedMarkdown?] = []
    /// The ids and links of every HTML page, by output path.
    var facts: [String: PageFacts] = [:]
    /// Tables that some page shows, directly or through a query.
    var tablesUsed: Set<String> = []
    var pageRecords: [String: BuildManifest.PageRecord] = [:]
    var feedKey = ""
    var rebuilt: [Rebuild] = []
    var figureChanges: [FigureChange] = []
    /// What a later build in the same process can start from (`BuildMemory`): each page's
    /// query results, each layout's use of the context, the feed's entries, the context and its
    /// fingerprints.
    var pageData: [Computation.PageData] = []
    var feedEntries: [Int] = []
    var uses: [String: TemplateUse] = [:]
    var context: TemplateContext?
    var fingerprints: TemplateContext.Fingerprints?
  }

  /// A page's Markdown rendered, with what its directives drew on.
  struct RenderedPage: Sendable {
    var markdown: RenderedMarkdown
    var tables: Set<String>
    /// The query and table names its directives asked for.
    var names: Set<String>
    var figures: [String: String]
    /// False once the HTML was let go, keeping what page lists and the manifest need.
    var hasHTML = true

    mutating func dropHTML() {
      markdown.html = ""
      markdown.headings = []
      hasHTML = false
    }
  }

  func render(progress: BuildProgress?, diagnostics: inout [Diagnostic]) -> Rendering {
    let site = self.site
    let pages = site.pages
    let pageData = pages.map { computation.data(for: $0) }
    let dependencies = PageDependencies(site: site, computation: computation, inputs: inputs)
    let records = previous?.manifest.pages ?? [:]
    let damaged = previous?.damagedOutputs ?? []
    let uses = Dictionary(
      uniqueKeysWithValues: Set(pages.map(\.layout)).map {
        ($0, site.templates.use(ofLayout: $0, mentioning: dependencies.names))
      })
    let feedEntries = AtomFeed.entries(of: site)
    let isFeedEntry = Set(feedEntries)
    let counter = ProgressCounter(report: progress)
    var rendering = Rendering()

    // An unchanged page asks for the same names as last time; a changed one is rendered anyway,
    // and a page the last build didn't make is new, whatever it depends on.
    let content = Array(pages.indices).parallelMap { index in
      records[pages[index].outputPath].map {
        dependencies.content(of: pages[index], uses: Set($0.uses))
      }
    }
    var fresh: [RenderedPage?] = Array(repeating: nil, count: pages.count)
    let changedContent = pages.indices.filter { index in
      content[index] == nil || records[pages[index].outputPath]?.content != content[index]
    }
    let changed = Set(changedContent)
    // Every changed page is rendered; pages rendered only for their layout's sake come later.
    counter.expect(changedContent.count)
    // What the previous build recorded of unchanged pages; changed ones are filled in as they
    // are rendered.
    var markdown: [RenderedMarkdown?] = pages.indices.map { index in
      guard pages[index].sourcePath != nil, !changed.contains(index),
        let record = records[pages[index].outputPath]
      else {
        return nil
      }
      return RenderedMarkdown(
        html: "", headings: [], firstParagraph: record.firstParagraph,
        wordCount: record.wordCount, directives: [])
    }

    // Most pages show no list of other pages' summaries, only the navigation (the home,
    // section and menu pages): once those are known, such a page is rendered, written and let
    // go as soon as its own Markdown is, so its Markdown is rendered once and never held.
    let navigation = pages.indices.filter { index in
      changed.contains(index)
        && (pages[index].kind == .home || pages[index].kind == .section
          || pages[index].frontMatter.menu)
    }
    renderMarkdown(of: navigation, data: pageData, keepingHTML: true, into: &fresh)
    for index in navigation { markdown[index] = fresh[index]?.markdown }
    let standalone = changedContent.filter { index in
      pages[index].sourcePath != nil
        && Self.showsNoPageList(pages[index].kind, use: uses[pages[index].layout]!)
    }
    if !standalone.isEmpty {
      let navigationContext = TemplateContext(site: site, markdown: markdown, data: pageData)
      for start in stride(from: 0, to: standalone.count, by: Self.chunkSize) {
        let chunk = Array(standalone[start..<min(start + Self.chunkSize, standalone.count)])
        renderMarkdown(
          of: chunk.filter { fresh[$0] == nil }, data: pageData, keepingHTML: true, into: &fresh)
        renderLayouts(
          of: chunk, fresh: fresh, context: navigationContext, counter: counter,
          into: &rendering)
        for index in chunk where !isFeedEntry.contains(index) { fresh[index]?.dropHTML() }
        guard stage(&rendering, diagnostics: &diagnostics) else { return Rendering() }
      }
    }
    let written = Set(standalone)

    // The pages left need every page's summary before their layouts render.
    let listing = changedContent.filter { !written.contains($0) && fresh[$0] == nil }
    renderMarkdown(
      of: listing, data: pageData, keepingHTML: listing.count <= Self.keptMarkdownLimit,
      into: &fresh)
    for index in changedContent { markdown[index] = fresh[index]?.markdown }
    diagnostics += fresh.flatMap { $0?.markdown.diagnostics ?? [] }
    guard !diagnostics.hasErrors else { return Rendering() }

    let context = TemplateContext(site: site, markdown: markdown, data: pageData)
    let fingerprints = context.fingerprints()
    (rendering.pageData, rendering.uses, rendering.feedEntries) = (pageData, uses, feedEntries)
    (rendering.context, rendering.fingerprints) = (context, fingerprints)
    let presentation = Array(pages.indices).parallelMap { index in
      dependencies.presentation(
        ofPageAt: index, use: uses[pages[index].layout]!, fingerprints: fingerprints)
    }
    let stale = pages.indices.filter { index in
      let record = records[pages[index].outputPath]
      return record?.content != content[index] || record?.presentation != presentation[index]
        || damaged.contains(pages[index].outputPath)
    }
    counter.expect(stale.count - changedContent.count)
    var staleSet: Set<Int> = []
    for start in stride(from: 0, to: stale.count, by: Self.chunkSize) {
      let chunk = Array(stale[start..<min(start + Self.chunkSize, stale.count)])
      staleSet.formUnion(chunk)
      let unwritten = chunk.filter { !written.contains($0) }
      let unrendered = unwritten.filter { fresh[$0] == nil }
      renderMarkdown(
        of: unwritten.filter { fresh[$0]?.hasHTML != true }, data: pageData, keepingHTML: true,
        into: &fresh)
      // Pages rendered only for their layout's sake report their Markdown's warnings here.
      diagnostics += unrendered.flatMap { fresh[$0]?.markdown.diagnostics ?? [] }
      renderLayouts(
        of: unwritten, fresh: fresh, context: context, counter: counter, into: &rendering)
      // What a rendered page's Markdown asked for is known now, which can narrow what it
      // depends on.
      let chunkNames = chunk.map { fresh[$0]?.names }
      let recordedContent = Array(chunk.indices).parallelMap { position in
        let page = pages[chunk[position]]
        return chunkNames[position].map { dependencies.content(of: page, uses: $0) }
          ?? content[chunk[position]] ?? dependencies.content(of: page)
      }
      for (position, index) in chunk.enumerated() {
        record(
          pageAt: index, rendered: fresh[index], content: recordedContent[position],
          presentation: presentation[index], into: &rendering)
        // The feed needs its entries' HTML; nothing else needs any page's after this.
        if !isFeedEntry.contains(index) { fresh[index]?.dropHTML() }
        if let rendered = fresh[index] { markdown[index] = rendered.markdown }
      }
      guard stage(&rendering, diagnostics: &diagnostics) else { return Rendering() }
    }
    for index in pages.indices where !staleSet.contains(index) {
      let path = pages[index].outputPath
      let pageRecord = records[path]!
      diagnostics += pageRecord.diagnostics.map(\.diagnostic)
      rendering.keptFiles[path] = previous!.manifest.outputs[path]
      rendering.outputRecords[path] = previous!.manifest.outputs[path]
      rendering.facts[path] = PageFacts(ids: pageRecord.ids, references: pageRecord.references)
      rendering.tablesUsed.formUnion(pageRecord.tablesUsed)
      rendering.pageRecords[path] = pageRecord
    }

    renderFeed(
      entries: feedEntries, markdown: &markdown, data: pageData, fresh: &fresh, into: &rendering)
    emit(Sitemap.path, Data(Sitemap.xml(for: site).utf8), into: &rendering)
    for (outputPath, sourcePath) in site.assets {
      if let large = sources.largeFiles[sourcePath] {
        // Published by copying, a chunk at a time; its hash and size came from reading it so.
        emit(
          OutputFile(path: outputPath, copyOf: large),
          hash: inputs.files[sourcePath] ?? ContentHash(),
          size: inputs.sizes[sourcePath] ?? 0, into: &rendering)
      } else {
        emit(outputPath, sources.files[sourcePath] ?? Data(), into: &rendering)
      }
    }
    for (outputPath, contents) in site.templates.staticFiles {
      emit(outputPath, contents, into: &rendering)
    }
    rendering.files.sort { $0.path < $1.path }
    rendering.markdown = markdown
    return rendering
  }

  /// Whether a page's layout shows nothing of other pages but the navigation: no list of pages,
  /// sections' pages or tags, and no list of its own section's or tag's pages.
  static func showsNoPageList(_ kind: Page.Kind, use: TemplateUse) -> Bool {
    let facets = use.facets
    guard facets.isDisjoint(with: [.listedPages, .sectionPages, .tags]) else { return false }
    if facets.contains(.ownSection) && (kind == .home || kind == .section) {
      return false
    }
    return !(facets.contains(.ownTag) && kind == .tag)
  }

  /// Renders pages whose Markdown is in `fresh` through their layouts, in parallel, and adds
  /// their files to `rendering`.
  func renderLayouts(
    of indices: [Int], fresh: [RenderedPage?], context: TemplateContext,
    counter: ProgressCounter, into rendering: inout Rendering
  ) {
    let markdown = indices.map { fresh[$0]?.markdown }
    let built = Array(indices.indices).parallelMap { position in
      renderPage(
        at: indices[position], markdown: markdown[position], context: context, counter: counter)
    }
    for (position, index) in indices.enumerated() {
      emitPage(at: index, html: built[position].0, facts: built[position].1, into: &rendering)
    }
  }

  /// A page's HTML through its layout, and what the checks need from it.
  private func renderPage(
    at index: Int, markdown: RenderedMarkdown?, context: TemplateContext,
    counter: ProgressCounter
  ) -> (Data, PageFacts) {
    let page = site.pages[index]
    var text = site.templates.render(
      context.context(forPageAt: index, rendered: markdown), layout: page.layout)
    if relativeURLs {
      text = RelativeURLs.rewrite(text, page: page.outputPath, basePath: site.basePath)
    }
    counter.advance()
    let html = Data(text.utf8)
    return (html, PageFacts(html: html))
  }

  /// Adds a page just rendered to the files to write, with its facts for the checks.
  private func emitPage(
    at index: Int, html: Data, facts: PageFacts, into rendering: inout Rendering
  ) {
    let path = site.pages[index].outputPath
    emit(path, html, into: &rendering)
    rendering.facts[path] = facts
  }

  /// Hands the files rendered so far to the staging area, when there is one.
  private func stage(_ rendering: inout Rendering, diagnostics: inout [Diagnostic]) -> Bool {
    guard let staging else { return true }
    do {
      try staging.stage(rendering.files)
    } catch {
      diagnostics.append(error.diagnostic)
      return false
    }
    rendering.stagedFiles.formUnion(rendering.files.map(\.path))
    rendering.files = []
    return true
  }

  /// Records a page rendered in this build: its manifest entry, why it was rendered and what
  /// figures changed. Its file and facts were emitted when it was rendered.
  func record(
    pageAt index: Int, rendered: RenderedPage?, content: [String: String],
    presentation: [String: String], into rendering: inout Rendering
  ) {
    let page = site.pages[index]
    let path = page.outputPath
    let old = previous?.manifest.pages[path]
    let facts = rendering.facts[path]!
    let pageRecord = BuildManifest.PageRecord(
      content: content, presentation: presentation,
      // What page lists show of it: nothing when the page has a summary of its own.
      firstParagraph: page.frontMatter.summary == nil
        ? TemplateContext.shortened(rendered?.markdown.firstParagraph ?? "") : "",
      wordCount: rendered?.markdown.wordCount ?? 0, ids: facts.ids,
      references: facts.references, tablesUsed: (rendered?.tables ?? []).sorted(),
      uses: (rendered?.names ?? []).sorted(),
      figures: rendered?.figures ?? [:],
      diagnostics: (rendered?.markdown.diagnostics ?? []).map(BuildManifest.StoredDiagnostic.init))
    if let previous {
      let damaged = previous.damagedOutputs.contains(path)
      rendering.rebuilt.append(
        Rebuild(
          page: Self.displayPath(of: page),
          reasons: reasons(
            old: old, content: content, presentation: presentation, damaged: damaged)))
      if let old {
        rendering.figureChanges += Self.changes(
          from: old.figures, to: pageRecord.figures, page: Self.displayPath(of: page))
      }
    }
    rendering.tablesUsed.formUnion(pageRecord.tablesUsed)
    rendering.pageRecords[path] = pageRecord
  }

  /// Renders the Markdown of the pages at `indices`, in parallel.
  ///
  /// - Parameter keepingHTML: false to keep only what page lists and the manifest need.
  func renderMarkdown(
    of indices: [Int], data: [Computation.PageData], keepingHTML: Bool,
    into fresh: inout [RenderedPage?]
  ) {
    let site = self.site
    let tables = computation.tables
    let rendered: [RenderedPage?] = indices.parallelMap { index in
      let page = site.pages[index]
      guard page.sourcePath != nil else { return nil }
      let directives = PageDirectives(data: data[index], tables: tables, basePath: site.basePath)
      let markdown = CommonMark.render(
        page.body, at: page.bodyLocation, options: site.config.markdown, basePath: site.basePath,
        directives: directives)
      var rendered = RenderedPage(
        markdown: markdown, tables: directives.usage.tables, names: directives.usage.names,
        figures: directives.usage.figures)
      if !keepingHTML { rendered.dropHTML() }
      return rendered
    }
    for (position, index) in indices.enumerated() { fresh[index] = rendered[position] }
  }

  /// The feed holds its entries' full HTML, so when it must be rebuilt, entries that weren't
  /// rendered this time are.
  func renderFeed(
    entries: [Int], markdown: inout [RenderedMarkdown?], data: [Computation.PageData],
    fresh: inout [RenderedPage?], into rendering: inout Rendering
  ) {
    var key = ContentHash()
    key.combine(inputs.files[SiteConfig.path] ?? ContentHash())
    for index in entries {
      let record = rendering.pageRecords[site.pages[index].outputPath]!
      key.combine(site.pages[index].route)
      for (name, hash) in (record.content.merging(record.presentation) { $1 }).sorted(by: <) {
        key.combine(name)
        key.combine(hash)
      }
    }
    rendering.feedKey = key.hex
    if let previous, previous.manifest.feed == key.hex,
      !previous.damagedOutputs.contains(AtomFeed.path),
      let record = previous.manifest.outputs[AtomFeed.path]
    {
      rendering.keptFiles[AtomFeed.path] = record
      rendering.outputRecords[AtomFeed.path] = record
      return
    }
    let missing = entries.filter { fresh[$0]?.hasHTML != true }
    renderMarkdown(of: missing, data: data, keepingHTML: true, into: &fresh)
    for index in missing { markdown[index] = fresh[index]?.markdown }
    emit(AtomFeed.path, Data(AtomFeed.xml(for: site, markdown: markdown).utf8), into: &rendering)
    if previous != nil {
      rendering.rebuilt.append(Rebuild(page: AtomFeed.path, reasons: [.feedEntriesChanged]))
    }
  }

  /// Adds a file to write, or to keep when the previous build wrote the same bytes.
  func emit(_ path: String, _ contents: Data, into rendering: inout Rendering) {
    emit(
      OutputFile(path: path, contents: contents), hash: ContentHash(contents),
      size: contents.count, into: &rendering)
  }

  private func emit(
    _ file: OutputFile, hash: ContentHash, size: Int, into rendering: inout Rendering
  ) {
    let record = BuildManifest.OutputRecord(hash: hash.hex, size: size)
    rendering.outputRecords[file.path] = record
    if let previous, previous.manifest.outputs[file.path] == record,
      !previous.damagedOutputs.contains(file.path)
    {
      rendering.keptFiles[file.path] = record
    } else {
      rendering.files.append(file)
    }
  }

  private func reasons(
    old: BuildManifest.PageRecord?, content: [String: String], presentation: [String: String],
    damaged: Bool
  ) -> [RebuildReason] {
    guard let old else { return [.newPage] }
    var reasons: [RebuildReason] = damaged ? [.outputDamaged] : []
    let before = old.content.merging(old.presentation) { $1 }
    let after = content.merging(presentation) { $1 }
    for key in Set(before.keys).union(after.keys).sorted() where before[key] != after[key] {
      reasons += reason(forChangeOf: key)
    }
    var seen: Set<RebuildReason> = []
    return reasons.filter { seen.insert($0).inserted }
  }

  private func reason(forChangeOf key: String) -> [RebuildReason] {
    let (kind, name) =
      key.firstIndex(of: ":").map {
        (String(key[..<$0]), String(key[key.index(after: $0)...]))
      } ?? (key, "")
    switch kind {
    case "file": return [.fileChanged(name)]
    case "settings": return [.settingsChanged]
    case "row": return [.rowChanged]
    case "layout": return [.templateChanged(name)]
    case "list": return [.listChanged(name)]
    case "summary": return [.summaryChanged]
    case "table", "provenance": return [.tableChanged(name)]
    case "query":
      let tablesRead =
        computation.siteWide[name]?.tablesRead
        ?? computation.pages.values.lazy.compactMap { $0.results[name]?.tablesRead }.first ?? []
      let changed = tablesRead.sorted().filter {
        previous?.manifest.tables[$0] != inputs.tables[$0]?.hex
      }
      return changed.isEmpty ? [.queryChanged(name)] : changed.map { .tableChanged($0) }
    default: return [.fileChanged(key)]
    }
  }

  /// Values a page showed before and shows now, differently; values that appeared or went away
  /// are new or removed text, not changed numbers.
  private static func changes(from old: [String: String], to new: [String: String], page: String)
    -> [FigureChange]
  {
    new.keys.sorted().compactMap { label in
      guard let before = old[label], let after = new[label], before != after else { return nil }
      return FigureChange(page: page, label: label, before: before, after: after)
    }
  }

  static func displayPath(of page: Page) -> String {
    page.route.isEmpty ? "/" : page.route
  }
}

/// What the checks need from a built page: its ids and the URLs it links to.
struct PageFacts: Sendable, Equatable {
  var ids: [String]
  var references: [String]

  init(ids: [String], references: [String]) {
    self.ids = ids
    self.references = references
  }

  init(html: Data) {
    let attributes = HTMLScan.attributes(in: html)
    self.init(ids: attributes.ids, references: attributes.references)
  }
}

/// Counts rendered pages from several threads and reports each step.
final class ProgressCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var completed = 0
  private var total = 0
  private let report: BuildProgress?

  init(report: BuildProgress?) {
    self.report = report
  }

  /// Adds pages about to be rendered to the total.
  func expect(_ count: Int) {
    lock.withLock { total += count }
  }

  func advance() {
    guard let report else { return }
    let (done, total) = lock.withLock {
      completed += 1
      return (completed, self.total)
    }
    report(done, total)
  }
}
