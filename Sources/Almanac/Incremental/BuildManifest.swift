import Foundation

/// What a build records in `Output/.almanac/manifest.json` so that the next build redoes only
/// what changed: a content hash of every input and output, and for each page the inputs it read,
/// the facts the checks need, and the figures it published.
///
/// Paths are relative and nothing depends on the clock, so the manifest is portable: CI can
/// cache `Output/` and build incrementally on another machine.
public struct BuildManifest: Sendable, Equatable {
  /// A page's record: what it was rendered from, and what it holds.
  struct PageRecord: Sendable, Equatable {
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

  struct OutputRecord: Sendable, Equatable {
    var hash: String
    var size: Int
  }

  struct StoredDiagnostic: Sendable, Equatable {
    var severity: String
    var message: String
    var file: String?
    var line: Int?
    var column: Int?
  }

  /// Counts of the last build, reported again when nothing changed.
  struct Counts: Sendable, Equatable {
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

  /// Where the manifest lives inside the output folder. The writer never removes dot-folders,
  /// the sitemap never lists them, and the preview server never serves them.
  public static let path = ".almanac/manifest.json"
  /// The page records, beside the manifest, which holds their digest.
  static let pagesPath = ".almanac/pages.json"
  /// Bumped whenever the manifest's meaning or layout changes; an older one triggers a full
  /// build.
  static let formatVersion = 2
}

extension BuildManifest {
  /// The previous build, read from an output folder, ready for `Almanac.build(previous:)`.
  public struct Previous: Sendable {
    var manifest: BuildManifest
    /// Output files the manifest lists that are gone or were changed by hand since; their pages
    /// are rebuilt.
    var damagedOutputs: Set<String>
    /// The page records, still encoded: decoded only when something changed.
    var storedPages: EncodedPages?

    /// The same, with its page records decoded; nil when they can't be read, or aren't the
    /// ones the manifest vouches for.
    func withPages() -> Previous? {
      guard let storedPages else { return self }
      guard let records = BuildManifest.decode(pages: storedPages) else { return nil }
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
    let manifest: BuildManifest
    let pagesDigest: String
    switch decode(data) {
    case .malformed:
      return .unusable(.manifestUnreadable(at: location))
    case .otherVersion(let generator):
      return .unusable(.manifestFromOtherVersion(generator, at: location))
    case .manifest(let decoded, let digest):
      (manifest, pagesDigest) = (decoded, digest)
    }
    guard
      let pages = FileManager.default.contents(
        atPath: folder.appendingPathComponent(pagesPath).path)
    else { return .unusable(.manifestUnreadable(at: location)) }
    var damaged: Set<String> = []
    // Paths joined as strings: URL.appendingPathComponent was a seventh of a no-change build.
    let root = folder.path
    for (path, record) in manifest.outputs
    where FileSystem.fileSize(root + "/" + path) != record.size {
      damaged.insert(path)
    }
    return .found(
      Previous(
        manifest: manifest, damagedOutputs: damaged,
        storedPages: EncodedPages(bytes: pages, digest: pagesDigest)))
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
