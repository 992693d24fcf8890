import Foundation

/// The machine-readable account of a build or check (`--json FILE`), as described by
/// `docs/build-report.schema.json`.
public struct BuildReport: Codable, Sendable, Equatable {
  public struct Counts: Codable, Sendable, Equatable {
    public var pages: Int
    public var files: Int
    public var dataFiles: Int
    public var dataRows: Int
    public var errors: Int
    public var warnings: Int
  }

  public struct Stage: Codable, Sendable, Equatable {
    public var stage: String
    public var milliseconds: Double
  }

  public struct Problem: Codable, Sendable, Equatable {
    public var severity: String
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var message: String
  }

  public struct Written: Codable, Sendable, Equatable {
    public var folder: String
    public var written: Int
    public var unchanged: Int
    public var removed: Int

    public init(folder: String, written: Int, unchanged: Int, removed: Int) {
      self.folder = folder
      self.written = written
      self.unchanged = unchanged
      self.removed = removed
    }
  }

  public struct RebuiltPage: Codable, Sendable, Equatable {
    public var page: String
    public var reasons: [String]
  }

  public var almanacVersion: String
  public var command: String
  public var succeeded: Bool
  public var counts: Counts
  public var timings: [Stage]
  public var diagnostics: [Problem]
  /// Present when the build wrote its output.
  public var output: Written?
  /// Whether the build reused the previous build's output.
  public var incremental: Bool
  /// Pages (and the feed) an incremental build rendered again, with the reasons; every page
  /// for a full build.
  public var pagesRebuilt: Int
  public var rebuilt: [RebuiltPage]
  /// Computed values that differ from the previous build's.
  public var figuresChanged: [FigureChange]

  public init(
    command: String, result: BuildResult, extraDiagnostics: [Diagnostic] = [],
    output: Written? = nil, writeSeconds: Double? = nil
  ) {
    let diagnostics = (result.diagnostics + extraDiagnostics).sorted()
    almanacVersion = Almanac.version
    self.command = command
    succeeded = !diagnostics.hasErrors
    counts = Counts(
      pages: result.pageCount,
      files: result.files.count + result.keptFiles.count + result.stagedFiles.count,
      dataFiles: result.dataFileCount,
      dataRows: result.dataRowCount, errors: diagnostics.filter(\.isError).count,
      warnings: diagnostics.filter { !$0.isError }.count)
    timings = result.timings.map {
      Stage(stage: $0.stage, milliseconds: ($0.seconds * 10_000).rounded() / 10)
    }
    if let writeSeconds {
      timings.append(Stage(stage: "write", milliseconds: (writeSeconds * 10_000).rounded() / 10))
    }
    self.diagnostics = diagnostics.map { diagnostic in
      Problem(
        severity: diagnostic.severity.rawValue, file: diagnostic.location?.file,
        line: diagnostic.location.flatMap { $0.line > 0 ? $0.line : nil },
        column: diagnostic.location.flatMap { $0.column > 0 ? $0.column : nil },
        message: diagnostic.message)
    }
    self.output = output
    incremental = result.isIncremental
    pagesRebuilt = result.pagesRendered
    rebuilt = result.rebuilt.map { RebuiltPage(page: $0.page, reasons: $0.reasons.map(\.message)) }
    figuresChanged = result.figureChanges
  }

  /// The report as pretty-printed JSON with sorted keys and snake_case names.
  public func json() -> Data {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
  }
}
