import Foundation
import Testing

@testable import Almanac

/// Rebuilds that start from the last build's memory, as the preview server's do: they must
/// give exactly what a clean build gives, files and warnings alike, while rendering only what
/// the edit reaches.
@Suite struct BuildMemoryTests {
  static let options = IncrementalBuildTests.options
  /// The incremental tests' small site, with its templates and settings.
  static let site = TestSite.sources(IncrementalBuildTests.site).files

  @Test("editing an article's text renders that page alone, from memory")
  func bodyEditRendersOnePage() throws {
    var site = Self.site
    var output = RememberingOutput()
    output.build(site, changed: [])
    let path = "Content/articles/plain.md"
    site[path]! += Data("\nMore words, in a second paragraph.\n".utf8)
    let result = output.build(site, changed: [path])
    #expect(output.lastFromMemory)
    #expect(result.rebuilt.map(\.page) == ["articles/plain/", AtomFeed.path])
    #expect(result.rebuilt.first?.reasons == [.fileChanged(path)])
    try output.expectSameAsCleanBuild(of: site)
  }

  @Test("a new first paragraph renders the pages that list the article's summary")
  func summaryEditRendersLists() throws {
    var site = Self.site
    site["Content/articles/plain.md"] = Data(
      "---\ntitle: Plain\ndate: 2026-01-04\n---\nJust words.\n".utf8)
    var output = RememberingOutput()
    output.build(site, changed: [])
    site["Content/articles/plain.md"] = Data(
      "---\ntitle: Plain\ndate: 2026-01-04\n---\nOther words entirely.\n".utf8)
    let result = output.build(site, changed: ["Content/articles/plain.md"])
    #expect(output.lastFromMemory)
    let rendered = Set(result.rebuilt.map(\.page))
    #expect(rendered.isSuperset(of: ["articles/plain/", "articles/"]))
    #expect(!rendered.contains("articles/other/"))
    try output.expectSameAsCleanBuild(of: site)
  }

  @Test("front matter, new pages and other files are rebuilt the usual way")
  func otherEditsFallBack() throws {
    var site = Self.site
    var output = RememberingOutput()
    output.build(site, changed: [])
    let edits: [(String, String?)] = [
      ("Content/articles/plain.md", "---\ntitle: Renamed\ndate: 2026-01-04\n---\nJust words.\n"),
      ("Content/articles/new.md", "---\ntitle: New\ndate: 2026-01-05\n---\nNew words.\n"),
      ("Content/data/other.csv", "a\n1\n2\n3\n"),
      ("Content/articles/new.md", nil),
    ]
    for (path, text) in edits {
      site[path] = text.map { Data($0.utf8) }
      output.build(site, changed: [path])
      #expect(!output.lastFromMemory, "\(path)")
      try output.expectSameAsCleanBuild(of: site)
    }
  }

  @Test("a body that breaks a link, or repeats an id, is warned about like in a clean build")
  func warningsFollowTheEdit() throws {
    var site = Self.site
    var output = RememberingOutput()
    output.build(site, changed: [])
    let path = "Content/articles/plain.md"
    let front = "---\ntitle: Plain\ndate: 2026-01-04\nsummary: No data.\n---\n"
    let bodies = [
      "Read [the other one](/articles/missing/).\n",
      "# Twice\n\n# Twice\n\nSee [other](/articles/other/#nowhere).\n",
      "Just words, fixed.\n",
    ]
    for body in bodies {
      site[path] = Data((front + body).utf8)
      output.build(site, changed: [path])
      #expect(output.lastFromMemory)
      try output.expectSameAsCleanBuild(of: site)
    }
  }

  @Test("a text edit with an error fails from memory as a clean build does, and writes nothing")
  func errorsInTheText() throws {
    var site = Self.site
    var output = RememberingOutput()
    output.build(site, changed: [])
    let path = "Content/articles/plain.md"
    let before = output.output.files
    site[path]! += Data("\nThere were `=nowhere.value` of them.\n".utf8)
    let result = output.build(site, changed: [path])
    #expect(output.lastFromMemory)
    #expect(!result.succeeded && result.files.isEmpty && result.manifest == nil)
    #expect(
      result.diagnostics == Almanac.build(SourceFiles(site), options: Self.options).diagnostics)
    #expect(output.output.files == before)
  }

  @Test("the preview session rebuilds a text edit from memory, into the output folder")
  func sessionRebuildsFromMemory() throws {
    let folder = try TemporarySite(Self.site.mapValues { String(decoding: $0, as: UTF8.self) })
    defer { folder.remove() }
    let session = SiteSession(root: folder.root, output: folder.output, options: Self.options)
    let first = session.rebuild()
    #expect(first.succeeded && !first.fromMemory)
    let path = "Content/articles/plain.md"
    try folder.write(path, try folder.text(path) + "\nAn edit, saved.\n")
    let edit = session.rebuild(changed: [path])
    #expect(edit.succeeded && edit.fromMemory)
    #expect(edit.pagesRendered == 1)
    session.finishWriting()
    #expect(
      Almanac.build(
        SourceFiles.read(siteAt: folder.root), options: Self.options,
        previous: BuildManifest.read(fromOutputFolder: folder.output)
      ).isUpToDate)
    // Unknown changes, and a link to a file outside the site, are read from disk again.
    #expect(!session.rebuild().fromMemory)
    try FileManager.default.createSymbolicLink(
      at: folder.url("Content/articles/linked.md"), withDestinationURL: folder.url(path))
    #expect(!session.rebuild(changed: ["Content/articles/linked.md"]).fromMemory)
    try folder.delete("Content/articles/linked.md")
    #expect(!session.rebuild(changed: ["Content/articles/linked.md"]).fromMemory)

    // The manifest is written once the outcome is out, and describes the folder.
    session.finishWriting()
    let next = Almanac.build(
      SourceFiles.read(siteAt: folder.root), options: Self.options,
      previous: BuildManifest.read(fromOutputFolder: folder.output))
    #expect(next.isUpToDate)

    let clean = try TemporarySite()
    defer { clean.remove() }
    let result = Almanac.build(SourceFiles.read(siteAt: folder.root), options: Self.options)
    try OutputWriter(folder: clean.output).write(result)
    #expect(
      try FolderContents.contents(under: folder.output).filter { !$0.key.hasPrefix(".") }
        == FolderContents.contents(under: clean.output).filter { !$0.key.hasPrefix(".") })
  }

  /// After any sequence of edits, rebuilding from memory where it can gives a clean build's
  /// files, warnings and manifest.
  @Test(
    "random edits, from memory where possible, always give a clean build's output",
    arguments: 1...4)
  func randomEdits(seed: UInt64) throws {
    var generator = SeededGenerator(seed: seed)
    var site = try FixtureEdits.fixtureSite()
    var output = RememberingOutput()
    output.build(site, changed: [])
    var fromMemory = 0
    for _ in 0..<16 {
      let before = site
      if Bool.random(using: &generator) {
        Self.applyRandomBodyEdit(to: &site, using: &generator)
      } else {
        FixtureEdits.applyRandomEdit(to: &site, using: &generator)
      }
      let changed = Set(before.keys).union(site.keys).filter { before[$0] != site[$0] }.sorted()
      let result = output.build(site, changed: changed)
      guard result.succeeded else {
        // Some random edits break the front matter; the build must say what a clean one says.
        let clean = Almanac.build(SourceFiles(site), options: Self.options)
        #expect(result.diagnostics == clean.diagnostics)
        continue
      }
      if output.lastFromMemory { fromMemory += 1 }
      try output.expectSameAsCleanBuild(of: site)
    }
    #expect(fromMemory > 0)
  }

  /// Edits to an article's text only: a paragraph added or rewritten, a heading, a link.
  static func applyRandomBodyEdit(
    to site: inout [String: Data], using generator: inout SeededGenerator
  ) {
    let articles = site.keys.filter { $0.hasPrefix("Content/articles/") && $0.hasSuffix(".md") }
      .sorted()
    let article = articles.randomElement(using: &generator)!
    let text = String(decoding: site[article]!, as: UTF8.self)
    let number = Int.random(in: 1...999, using: &generator)
    let edited: String
    switch Int.random(in: 0..<4, using: &generator) {
    case 0:
      edited = text + "\n## Section \(number)\n\nWords under it.\n"
    case 1:
      edited = text + "\nSee [the home page](/#section-\(number)).\n"
    case 2:
      // Rewrites the first paragraph after the front matter, which lists show as a summary.
      let parts = text.components(separatedBy: "\n---\n")
      edited =
        parts.count > 1
        ? parts[0] + "\n---\nA new opening, number \(number).\n\n"
          + parts.dropFirst().joined(
            separator: "\n---\n")
        : text
    default:
      edited = text + "\nA closing line, number \(number).\n"
    }
    site[article] = Data(edited.utf8)
  }
}

/// Stands in for the preview server: the output folder and the last build's memory, applying
/// each result as `SiteSession` does.
struct RememberingOutput {
  /// The output folder, as the builds left it.
  var output = InMemoryOutput()
  var memory: BuildMemory?
  var lastResult: BuildResult?
  var lastFromMemory = false

  @discardableResult
  mutating func build(_ site: [String: Data], changed: [String]) -> BuildResult {
    var result: BuildResult?
    lastFromMemory = false
    if let memory, !changed.isEmpty, changed.allSatisfy({ site[$0] != nil }) {
      result = Almanac.build(
        edits: Dictionary(uniqueKeysWithValues: changed.map { ($0, site[$0]!) }),
        after: memory)
      lastFromMemory = result != nil
    }
    if result == nil {
      let previous: BuildManifest.Reading =
        output.manifest.map { .found(BuildManifest.Previous(manifest: $0, damagedOutputs: [])) }
        ?? .none
      result = Almanac.build(
        SourceFiles(site), options: BuildMemoryTests.options, previous: previous,
        remembering: true)
    }
    let built = result!
    lastResult = built
    output.apply(built)
    memory = built.memory
    return built
  }

  /// The files, warnings, external links and manifest are those of a clean build.
  func expectSameAsCleanBuild(
    of site: [String: Data], sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let clean = try output.expectSameAsCleanBuild(
      of: SourceFiles(site), options: BuildMemoryTests.options, sourceLocation: sourceLocation)
    let result = try #require(lastResult)
    #expect(result.diagnostics == clean.diagnostics, sourceLocation: sourceLocation)
    #expect(
      result.externalLinks.map(\.url) == clean.externalLinks.map(\.url),
      sourceLocation: sourceLocation)
    #expect(
      result.manifest?.outputs == clean.manifest?.outputs
        && result.manifest?.inputs == clean.manifest?.inputs,
      sourceLocation: sourceLocation)
  }
}
