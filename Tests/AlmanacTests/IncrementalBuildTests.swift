import Foundation
import Synchronization
import Testing

@testable import Almanac

/// Incremental builds, tested as Hugo tests its own: small sites built in memory again and again,
/// counting the pages each change renders, and checking the output against a clean build.
@Suite struct IncrementalBuildTests {
  static let options = BuildOptions(today: PageDate(parsing: "2026-06-01")!)

  /// A site with one page per kind of dependency: an article that shows a query over
  /// `figures.csv`, one over `other.csv`, a plain article, and the section and home lists.
  static let site: [String: String] = [
    "Content/index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "Content/articles/index.md": "---\ntitle: Articles\n---\nAll articles.\n",
    "Content/articles/removed.md": """
    ---
    title: Removed
    date: 2026-01-02
    summary: Who was removed.
    tags: [data]
    queries:
      totals: SELECT sum(value) AS removed FROM figures
    ---
    `=totals.removed | ,d` people were removed.
    """,
    "Content/articles/other.md": """
    ---
    title: Other
    date: 2026-01-03
    summary: Other figures.
    queries:
      count: SELECT count(*) AS n FROM other
    ---
    `=count.n | d` rows.
    """,
    "Content/articles/plain.md":
      "---\ntitle: Plain\ndate: 2026-01-04\nsummary: No data.\n---\nJust words.\n",
    "Content/data/figures.csv": "measure,value\nremoved,46929\n",
    "Content/data/other.csv": "a\n1\n2\n",
  ]

  @Test("progress counts every page rendered, against a total known before the first one")
  func progressCountsEveryRenderedPage() {
    let steps = Mutex<[(Int, Int)]>([])
    let result = Almanac.build(
      TestSite.sources(Self.site), options: Self.options,
      progress: { done, total in steps.withLock { $0.append((done, total)) } })
    #expect(TestSite.errors(result) == [])
    let recorded = steps.withLock { $0 }.sorted { $0.0 < $1.0 }
    let htmlPages = result.files.filter { $0.path.hasSuffix(".html") }.count
    #expect(recorded.map(\.0) == Array(1...htmlPages))
    #expect(recorded.allSatisfy { $0.1 == htmlPages })
  }

  @Test("a build with no change renders nothing and writes nothing")
  func noChange() {
    var output = InMemoryOutput()
    let first = output.build(TestSite.sources(Self.site), options: Self.options)
    #expect(first.succeeded)
    #expect(!first.isIncremental)
    let second = output.build(TestSite.sources(Self.site), options: Self.options)
    #expect(second.isUpToDate)
    #expect(second.pagesRendered == 0)
    #expect(second.files.isEmpty)
    #expect(Set(second.keptFiles) == Set(first.files.map(\.path)))
  }

  @Test("editing one article's body renders that page and the feed that holds it")
  func oneArticleEdit() throws {
    var output = InMemoryOutput()
    var site = Self.site
    output.build(TestSite.sources(site), options: Self.options)
    site["Content/articles/plain.md"]! += "More words.\n"
    let result = output.build(TestSite.sources(site), options: Self.options)
    #expect(result.rebuilt.map(\.page) == ["articles/plain/", "feed.xml"])
    #expect(
      result.rebuilt.first?.reasons == [.fileChanged("Content/articles/plain.md")])
    #expect(result.files.map(\.path) == ["articles/plain/index.html", "feed.xml"])
    try output.expectSameAsCleanBuild(of: site, options: Self.options)
  }

  @Test("a changed data file renders only the pages whose queries read it, and reports figures")
  func dataFileEdit() throws {
    var output = InMemoryOutput()
    var site = Self.site
    output.build(TestSite.sources(site), options: Self.options)
    site["Content/data/figures.csv"] = "measure,value\nremoved,47102\n"
    let result = output.build(TestSite.sources(site), options: Self.options)
    #expect(result.rebuilt.map(\.page) == ["articles/removed/", "feed.xml"])
    #expect(result.rebuilt.first?.reasons == [.tableChanged("figures")])
    #expect(
      result.figureChanges == [
        FigureChange(
          page: "articles/removed/", label: "totals.removed", before: "46,929", after: "47,102")
      ])
    try output.expectSameAsCleanBuild(of: site, options: Self.options)
  }

  @Test("a page that only mentions a table's name, in prose or code, doesn't depend on it")
  func mentionsAreNotUses() throws {
    var output = InMemoryOutput()
    var site = Self.site
    site["Content/articles/plain.md"]! += "\n```sql\nSELECT * FROM figures\n```\n"
    output.build(TestSite.sources(site), options: Self.options)
    site["Content/data/figures.csv"] = "measure,value\nremoved,47102\n"
    let result = output.build(TestSite.sources(site), options: Self.options)
    #expect(result.rebuilt.map(\.page) == ["articles/removed/", "feed.xml"])
    try output.expectSameAsCleanBuild(of: site, options: Self.options)
  }

  @Test("a changed title renders the page and the lists that show it, not the other articles")
  func titleEdit() throws {
    var output = InMemoryOutput()
    var site = Self.site
    output.build(TestSite.sources(site), options: Self.options)
    site["Content/articles/plain.md"] = site["Content/articles/plain.md"]!.replacingOccurrences(
      of: "title: Plain", with: "title: Plainer")
    let result = output.build(TestSite.sources(site), options: Self.options)
    // The home page lists only its own section's pages, so it stays as it was.
    #expect(result.rebuilt.map(\.page) == ["articles/", "articles/plain/", "feed.xml"])
    try output.expectSameAsCleanBuild(of: site, options: Self.options)
  }

  @Test("templates: a layout change renders the pages that use it; site.yml renders everything")
  func templateAndSettingsEdits() throws {
    var output = InMemoryOutput()
    var site = Self.site
    output.build(TestSite.sources(site), options: Self.options)
    var templates = TestSite.templates
    templates["Templates/article.html"] = templates["Templates/article.html"]!
      .replacingOccurrences(of: "<article>", with: "<article class=\"story\">")
    var result = output.build(
      TestSite.sources(site, templates: templates), options: Self.options)
    #expect(
      result.rebuilt.map(\.page) == [
        "articles/other/", "articles/plain/", "articles/removed/", "feed.xml",
      ])
    #expect(result.rebuilt.first?.reasons == [.templateChanged("article")])

    site["Content/site.yml"] = "title: Renamed\nbase_url: https://example.org/\n"
    var sources = TestSite.sources(site, templates: templates)
    sources.files["Content/site.yml"] = Data(site["Content/site.yml"]!.utf8)
    result = output.build(sources, options: Self.options)
    #expect(result.pagesRendered == result.pageCount)
    #expect(result.rebuilt.first?.reasons.contains(.settingsChanged) == true)
  }

  @Test("a page rendered again for its layout still reports its Markdown's warnings, once")
  func warningsSurviveLayoutOnlyRebuilds() {
    var output = InMemoryOutput()
    var site = Self.site
    site["Content/data/other.csv"] = "a\n\n"
    site["Content/articles/other.md"] = site["Content/articles/other.md"]!
      .replacingOccurrences(of: "count(*) AS n", with: "max(a) AS n")
    let first = output.build(TestSite.sources(site), options: Self.options)
    let warnings = first.diagnostics.filter { $0.severity == .warning }
    #expect(!warnings.isEmpty)
    var templates = TestSite.templates
    templates["Templates/article.html"]! += "\n"
    let second = output.build(TestSite.sources(site, templates: templates), options: Self.options)
    #expect(second.pagesRendered == 3)
    #expect(second.diagnostics.filter { $0.severity == .warning } == warnings)
    let third = output.build(TestSite.sources(site, templates: templates), options: Self.options)
    #expect(third.diagnostics.filter { $0.severity == .warning } == warnings)
  }

  @Test("a removed page's output goes, and the lists that showed it are rendered again")
  func removedPage() throws {
    var output = InMemoryOutput()
    var site = Self.site
    output.build(TestSite.sources(site), options: Self.options)
    site["Content/articles/plain.md"] = nil
    let result = output.build(TestSite.sources(site), options: Self.options)
    #expect(output.files["articles/plain/index.html"] == nil)
    #expect(result.rebuilt.map(\.page).contains("articles/"))
    try output.expectSameAsCleanBuild(of: site, options: Self.options)
  }

  @Test("an output file removed by hand is written again")
  func damagedOutput() throws {
    var output = InMemoryOutput()
    output.build(TestSite.sources(Self.site), options: Self.options)
    output.files["articles/plain/index.html"] = nil
    let result = output.build(
      TestSite.sources(Self.site), options: Self.options,
      damaged: ["articles/plain/index.html"])
    #expect(result.rebuilt.map(\.page) == ["articles/plain/"])
    #expect(result.rebuilt.first?.reasons == [.outputDamaged])
    try output.expectSameAsCleanBuild(of: Self.site, options: Self.options)
  }

  @Test("different build options mean a full build, with a note")
  func optionsChange() {
    var output = InMemoryOutput()
    output.build(TestSite.sources(Self.site), options: Self.options)
    var drafts = Self.options
    drafts.includeDrafts = true
    let result = output.build(TestSite.sources(Self.site), options: drafts)
    #expect(!result.isIncremental)
    #expect(result.notes == [.buildOptionsChanged()])
  }

  /// The promise incremental builds rest on: after any sequence of edits, the output is byte
  /// for byte what a clean build makes.
  @Test("random edits to the fixture site always give a clean build's output", arguments: 1...4)
  func randomEdits(seed: UInt64) throws {
    var generator = SeededGenerator(seed: seed)
    var site = try FixtureEdits.fixtureSite()
    var output = InMemoryOutput()
    output.build(SourceFiles(site), options: Self.options)
    for _ in 0..<12 {
      FixtureEdits.applyRandomEdit(to: &site, using: &generator)
      let result = output.build(SourceFiles(site), options: Self.options)
      try #require(result.succeeded, "\(result.diagnostics)")
      try output.expectSameAsCleanBuild(of: site, options: Self.options)
    }
  }
}

/// Stands in for the output folder across builds, applying each result as `OutputWriter` does.
struct InMemoryOutput {
  var files: [String: Data] = [:]
  var manifest: BuildManifest?

  @discardableResult
  mutating func build(
    _ sources: SourceFiles, options: BuildOptions, damaged: Set<String> = []
  ) -> BuildResult {
    let previous: BuildManifest.Reading =
      manifest.map { .found(BuildManifest.Previous(manifest: $0, damagedOutputs: damaged)) }
      ?? .none
    let result = Almanac.build(sources, options: options, previous: previous)
    apply(result)
    return result
  }

  /// Writes a successful build's files and manifest, and removes the files it didn't keep.
  mutating func apply(_ result: BuildResult) {
    guard result.succeeded else { return }
    let kept = Set(result.keptFiles)
    files = files.filter { kept.contains($0.key) }
    for file in result.files { files[file.path] = file.contents }
    manifest = result.manifest.map(Self.readBack)
  }

  /// The manifest as the next build finds it: written to its files, then read from them.
  static func readBack(_ manifest: BuildManifest) -> BuildManifest {
    let files = manifest.files()
    guard case .manifest(var read, let digest) = BuildManifest.decode(files[1].contents),
      let pages = BuildManifest.decode(pages: .init(bytes: files[0].contents, digest: digest))
    else {
      Issue.record("the manifest can't be read back")
      return manifest
    }
    read.pages = pages
    #expect(read == manifest)
    return read
  }

  func expectSameAsCleanBuild(
    of site: [String: String], options: BuildOptions,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    try expectSameAsCleanBuild(
      of: TestSite.sources(site), options: options, sourceLocation: sourceLocation)
  }

  /// - Returns: the clean build, for further comparisons.
  @discardableResult
  func expectSameAsCleanBuild(
    of sources: SourceFiles, options: BuildOptions,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws -> BuildResult {
    let clean = Almanac.build(sources, options: options)
    try #require(clean.succeeded, sourceLocation: sourceLocation)
    let expected = Dictionary(uniqueKeysWithValues: clean.files.map { ($0.path, $0.contents) })
    #expect(
      files.keys.sorted() == expected.keys.sorted(), sourceLocation: sourceLocation)
    for (path, contents) in expected where files[path] != contents {
      Issue.record("\(path) differs from a clean build's", sourceLocation: sourceLocation)
    }
    return clean
  }
}

extension InMemoryOutput {
  func expectSameAsCleanBuild(
    of site: [String: Data], options: BuildOptions,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    try expectSameAsCleanBuild(
      of: SourceFiles(site), options: options, sourceLocation: sourceLocation)
  }
}

/// The edits an author makes between builds, applied at random to the fixture site.
enum FixtureEdits {
  static func fixtureSite() throws -> [String: Data] {
    let root = TestSite.repositoryRoot.appendingPathComponent(
      "Tests/AlmanacTests/Fixtures/site")
    return SourceFiles.read(siteAt: root).files
  }

  static func applyRandomEdit(
    to site: inout [String: Data], using generator: inout SeededGenerator
  ) {
    func text(_ path: String) -> String { String(decoding: site[path] ?? Data(), as: UTF8.self) }
    func set(_ path: String, _ text: String) { site[path] = Data(text.utf8) }
    let number = Int.random(in: 1...999, using: &generator)
    let articles = site.keys.filter { $0.hasPrefix("Content/articles/") && $0.hasSuffix(".md") }
      .sorted()
    let article = articles.randomElement(using: &generator)!
    switch Int.random(in: 0..<9, using: &generator) {
    case 0:
      set(article, text(article) + "\nAnother paragraph, number \(number).\n")
    case 1:
      set(
        article,
        text(article).replacingOccurrences(
          of: "\ntitle: ", with: "\ntitle: Retitled \(number) ", options: [],
          range: nil))
    case 2:
      set(
        "Content/data/sample.csv",
        "year,removed,level1\n2012,409849,\n2013,\(438000 + number),74159\n")
    case 3:
      set(
        "Content/data/sample.csv",
        text("Content/data/sample.csv") + "\(2013 + number),\(number),\(number / 2)\n")
    case 4:
      set(
        "Content/articles/new-\(number).md",
        "---\ntitle: New \(number)\ndate: 2014-0\(number % 9 + 1)-01\ntags: [fresh]\n---\nA new article.\n"
      )
    case 5:
      if articles.count > 2 { site[article] = nil }
    case 6:
      set(
        "Content/site.yml",
        text("Content/site.yml").replacingOccurrences(
          of: "description: ", with: "description: Edition \(number). "))
    case 7:
      let query = text("Content/queries/by_year.sql")
      set(
        "Content/queries/by_year.sql",
        query.contains("DESC")
          ? query.replacingOccurrences(of: " DESC", with: "")
          : query.replacingOccurrences(of: "ORDER BY year", with: "ORDER BY year DESC"))
    default:
      set(
        "Content/about.md",
        text("Content/about.md").replacingOccurrences(
          of: "menu: true", with: "menu: \(number % 2 == 0)"))
    }
  }
}

/// A small deterministic random number generator (SplitMix64), so failures can be replayed.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) {
    state = seed
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }

  /// Text joined from a random number (within `count`) of `pieces`, for property tests.
  mutating func text(from pieces: [String], count: ClosedRange<Int>) -> String {
    (0..<Int.random(in: count, using: &self)).map { _ in pieces.randomElement(using: &self)! }
      .joined()
  }
}

/// Pages are handed to the output folder's staging area a chunk at a time as they render.
@Suite struct StreamingBuildTests {
  @Test("a site of several chunks builds through the staging area exactly as in memory")
  func stagedBuildMatchesInMemoryBuild() throws {
    var files: [String: String] = ["Content/site.yml": "title: Many\n"]
    for number in 0..<(SiteRenderer.chunkSize * 2 + 17) {
      files["Content/notes/note-\(number).md"] =
        "---\ntitle: Note \(number)\ndate: 2020-01-\(10 + number % 18)\ntags: [t\(number % 5)]\n---\n"
        + "Note number \(number) links to [the next](../note-\(number + 1)/).\n"
    }
    let site = try TemporarySite(files)
    defer { site.remove() }
    let result = try CLIRunner.run(["build", "--source", site.path])
    #expect(result.exitCode == 0, "\(result)")
    let inMemory = Almanac.build(SourceFiles(texts: files))
    let expected = Dictionary(uniqueKeysWithValues: inMemory.files.map { ($0.path, $0.contents) })
    let written = try FolderContents.contents(under: site.output)
      .filter { !$0.key.hasPrefix(".") }
    #expect(written.keys.sorted() == expected.keys.sorted())
    #expect(written == expected)
    #expect(!site.exists("Output/" + OutputWriter.stagingFolder))
  }
}
