import Foundation

/// What a build records in `Output/.almanac/manifest.json` so that the next build redoes only
/// what changed: a content hash of every input and output, and for each page the inputs it read,
/// the facts the checks need, and the figures it published.
///
/// Paths are relative and nothing depends on the clock, so the manifest is portable: CI can
/// cache `Output/` and build incrementally on another machine.
public struct BuildManifest: Codable, Sendable, Equatable {
  /// A page's record: what it was rendered from, and what it holds.
  struct PageRecord: Codable, Sendable, Equatable {
    /// Inputs of its Markdown: its file, `site.yml`, the query results and tables it shows.
    var content: [String: String]
    /// Inputs of its layout: the templates, the lists of other pages it shows, its summary.
    var presentation: [String: String]
    var firstParagraph: String
    var wordCount: Int
    var ids: [String]
    var references: [String]
    var tablesUsed: [String]
    /// The query and table names its Markdown asked for.
    var uses: [String]
    /// Every computed value the page shows, by label (`totals.removed`), as shown.
    var figures: [String: String]
    /// Warnings its Markdown gave, shown again while the page is reused.
    var diagnostics: [StoredDiagnostic]
  }

  struct OutputRecord: Codable, Sendable, Equatable {
    var hash: String
    var size: Int
  }

  struct StoredDiagnostic: Codable, Sendable, Equatable {
    var severity: String
    var message: String
    var file: String?
    var line: Int?
    var column: Int?
  }

  /// Counts of the last build, reported again when nothing changed.
  struct Counts: Codable, Sendable, Equatable {
    var pages: Int
    var dataFiles: Int
    var dataRows: Int
  }

  /// The build of Almanac that wrote it (`Almanac.buildIdentity`).
  var generator: String
  var format: Int
  /// The options that shape every page (base URL, drafts, future pages, relative URLs).
  var options: String
  /// The day the build took as today, which decides whether future-dated pages are out.
  var today: String
  var counts: Counts
  /// One hash of every source file's path and hash: equal when no input changed.
  var inputs: String
  /// Every data table's hash (its file and schema), by table name.
  var tables: [String: String]
  /// Every output file, by path.
  var outputs: [String: OutputRecord]
  /// Every page, by output path. Kept in a file of their own (`pagesPath`), which a build that
  /// finds nothing changed never needs to read.
  var pages: [String: PageRecord] = [:]
  /// The feed's inputs, so it is rebuilt only when one of its entries changes.
  var feed: String
  /// All the last build's warnings, for a build that finds nothing changed.
  var diagnostics: [StoredDiagnostic]

  private enum CodingKeys: String, CodingKey {
    case generator, format, options, today, counts, inputs, tables, outputs, feed,
      diagnostics
  }

  /// Where the manifest lives inside the output folder. The writer never removes dot-folders,
  /// the sitemap never lists them, and the preview server never serves them.
  public static let path = ".almanac/manifest.json"
  /// The page records, beside the manifest.
  static let pagesPath = ".almanac/pages.json"
  /// Bumped whenever the manifest's meaning changes; an older one triggers a full build.
  static let formatVersion = 1

  /// The two files to write, in order: the page records, then the manifest that vouches for
  /// them. Keys are sorted, so the same build writes the same bytes.
  func files() -> [(path: String, contents: Data)] {
    [(Self.pagesPath, Self.encode(StoredPages(pages))), (Self.path, Self.encode(self))]
  }

  private static func encode(_ value: some Encodable) -> Data {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return ((try? encoder.encode(value)) ?? Data()) + Data("\n".utf8)
  }

  private static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) -> Value? {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try? decoder.decode(type, from: data)
  }
}

/// The page records as stored: every id and link URL once, in one table, and each page's as
/// numbers into it, since most pages share their navigation's links.
private struct StoredPages: Codable {
  struct Page: Codable {
    var content: [String: String]
    var presentation: [String: String]
    var firstParagraph: String
    var wordCount: Int
    var ids: [Int]
    var references: [Int]
    var tablesUsed: [String]
    var uses: [String]
    var figures: [String: String]
    var diagnostics: [BuildManifest.StoredDiagnostic]
  }

  var strings: [String]
  var pages: [String: Page]

  init(_ records: [String: BuildManifest.PageRecord]) {
    var numbers: [String: Int] = [:]
    var strings: [String] = []
    func number(_ text: String) -> Int {
      if let known = numbers[text] { return known }
      numbers[text] = strings.count
      strings.append(text)
      return strings.count - 1
    }
    var pages: [String: Page] = [:]
    for path in records.keys.sorted() {
      let record = records[path]!
      pages[path] = Page(
        content: record.content, presentation: record.presentation,
        firstParagraph: record.firstParagraph, wordCount: record.wordCount,
        ids: record.ids.map(number), references: record.references.map(number),
        tablesUsed: record.tablesUsed, uses: record.uses, figures: record.figures,
        diagnostics: record.diagnostics)
    }
    self.strings = strings
    self.pages = pages
  }

  /// The records, or nil when a number points outside the table.
  var records: [String: BuildManifest.PageRecord]? {
    var records: [String: BuildManifest.PageRecord] = [:]
    for (path, page) in pages {
      guard (page.ids + page.references).allSatisfy(strings.indices.contains) else { return nil }
      records[path] = BuildManifest.PageRecord(
        content: page.content, presentation: page.presentation,
        firstParagraph: page.firstParagraph, wordCount: page.wordCount,
        ids: page.ids.map { strings[$0] }, references: page.references.map { strings[$0] },
        tablesUsed: page.tablesUsed, uses: page.uses, figures: page.figures,
        diagnostics: page.diagnostics)
    }
    return records
  }
}

extension BuildManifest {
  /// The previous build, read from an output folder, ready for `Almanac.build(previous:)`.
  public struct Previous: Sendable {
    var manifest: BuildManifest
    /// Output files the manifest lists that are gone or were changed by hand since; their pages
    /// are rebuilt.
    var damagedOutputs: Set<String>
    /// The page records, still encoded: decoded only when something changed.
    var storedPages: Data?

    /// The same, with its page records decoded; nil when they can't be read.
    func withPages() -> Previous? {
      guard let storedPages else { return self }
      guard let records = BuildManifest.decode(StoredPages.self, from: storedPages)?.records
      else { return nil }
      var previous = self
      previous.manifest.pages = records
      previous.storedPages = nil
      for path in records.keys where manifest.outputs[path] == nil {
        previous.damagedOutputs.insert(path)
      }
      return previous
    }
  }

  /// What reading the manifest found.
  public enum Reading: Sendable {
    /// The folder has no manifest (a first build, or a build with `--clean`).
    case none
    case found(Previous)
    /// There was a manifest, but it can't be used; the note says why, and the build is full.
    case unusable(Diagnostic)
  }

  /// Reads `folder/.almanac/manifest.json` and the page records beside it, and checks that the
  /// files it lists are still there with the size they had.
  public static func read(fromOutputFolder folder: URL) -> Reading {
    let url = folder.appendingPathComponent(path)
    guard let data = FileManager.default.contents(atPath: url.path) else { return .none }
    let location = SourceLocation(file: url.relativePath)
    guard let manifest = decode(BuildManifest.self, from: data),
      let pages = FileManager.default.contents(
        atPath: folder.appendingPathComponent(pagesPath).path)
    else {
      return .unusable(.manifestUnreadable(at: location))
    }
    guard manifest.generator == Almanac.buildIdentity, manifest.format == formatVersion else {
      return .unusable(.manifestFromOtherVersion(manifest.generator, at: location))
    }
    var damaged: Set<String> = []
    for (path, record) in manifest.outputs
    where FileSystem.fileSize(folder.appendingPathComponent(path).path) != record.size {
      damaged.insert(path)
    }
    return .found(Previous(manifest: manifest, damagedOutputs: damaged, storedPages: pages))
  }
}

extension BuildManifest.StoredDiagnostic {
  init(_ diagnostic: Diagnostic) {
    severity = diagnostic.severity.rawValue
    message = diagnostic.message
    file = diagnostic.location?.file
    line = diagnostic.location?.line
    column = diagnostic.location?.column
  }

  var diagnostic: Diagnostic {
    Diagnostic(
      Diagnostic.Severity(rawValue: severity) ?? .warning, message,
      at: file.map { SourceLocation(file: $0, line: line ?? 0, column: column ?? 0) })
  }
}

extension BuildManifest {
  /// The manifest of a build that just succeeded.
  init(
    result: BuildResult, rendering: SiteRenderer.Rendering, inputs: BuildInputs,
    options: BuildOptions
  ) {
    self.init(
      generator: Almanac.buildIdentity, format: Self.formatVersion, options: options.fingerprint,
      today: options.today.iso,
      counts: Counts(
        pages: result.pageCount, dataFiles: result.dataFileCount, dataRows: result.dataRowCount),
      inputs: inputs.digest.hex, tables: inputs.tables.mapValues(\.hex),
      outputs: rendering.outputRecords,
      pages: rendering.pageRecords, feed: rendering.feedKey,
      diagnostics: result.diagnostics.map(StoredDiagnostic.init))
  }
}

extension BuildManifest.Previous {
  /// Whether nothing the build reads changed, and nothing it wrote was touched.
  func isUpToDate(_ inputs: BuildInputs, options: BuildOptions) -> Bool {
    damagedOutputs.isEmpty && manifest.today == options.today.iso
      && manifest.inputs == inputs.digest.hex
  }

  /// The result of a build that found nothing to do: the previous output, kept whole.
  func unchangedResult(timings: [StageTiming]) -> BuildResult {
    var result = BuildResult(
      files: [], diagnostics: manifest.diagnostics.map(\.diagnostic),
      pageCount: manifest.counts.pages, dataFileCount: manifest.counts.dataFiles)
    result.dataRowCount = manifest.counts.dataRows
    result.keptFiles = manifest.outputs.keys.sorted()
    result.timings = timings
    result.isIncremental = true
    result.isUpToDate = true
    result.manifest = manifest
    return result
  }
}

extension BuildOptions {
  /// The options that shape every page, as the manifest records them.
  var fingerprint: String {
    [
      "base-url=" + (baseURL ?? ""), "drafts=\(includeDrafts)", "future=\(includeFuture)",
      "relative-urls=\(relativeURLs)",
    ].joined(separator: " ")
  }
}
