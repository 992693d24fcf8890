import Foundation

@testable import Almanac

/// The entry points the harness feeds: each takes any bytes and must return, never crash or
/// hang. Problems with the input are expected; they must come back as diagnostics.
enum FuzzTargets {
  static let all: [String: @Sendable (Data) -> Void] = [
    "front-matter": frontMatter,
    "csv": csv,
    "chart-spec": chartSpec,
    "number-format": numberFormat,
    "inline-value": inlineValue,
  ]

  /// The target named by `ALMANAC_FUZZ_TARGET`; an unknown name stops the run at its first
  /// input, listing the names.
  static let selected: @Sendable (Data) -> Void = {
    let name = ProcessInfo.processInfo.environment["ALMANAC_FUZZ_TARGET"] ?? ""
    guard let target = all[name] else {
      fatalError("set ALMANAC_FUZZ_TARGET to one of " + all.keys.sorted().joined(separator: ", "))
    }
    return target
  }()

  static func frontMatter(_ data: Data) {
    let text = String(decoding: data, as: UTF8.self)
    guard let split = try? FrontMatter.split(text, file: "fuzz.md") else { return }
    var diagnostics: [Diagnostic] = []
    _ = FrontMatter.decode(split, file: "fuzz.md", diagnostics: &diagnostics)
  }

  /// Parses whole and in chunks (sizes taken from the input), which must agree; then loads the
  /// file as a table.
  static func csv(_ data: Data) {
    let bytes = [UInt8](data)
    let chunkSize = Int(bytes.first ?? 0) % 7 + 1
    let whole = Result { () throws(CSVParser.Failure) in
      try CSVParser().records(in: bytes, chunkSize: .max)
    }
    let chunked = Result { () throws(CSVParser.Failure) in
      try CSVParser().records(in: bytes, chunkSize: chunkSize)
    }
    precondition(whole == chunked, "chunks of \(chunkSize) bytes parse differently")
    var diagnostics: [Diagnostic] = []
    _ = DataTable.loadAll(
      from: SourceFiles(["Content/data/fuzz.csv": data]), diagnostics: &diagnostics)
  }

  /// A few rows of every type, for charts and inline values to draw on.
  static let rows = SQLiteDatabase.Result(
    columns: ["label", "removed", "share", "when", "empty"],
    rows: [
      [.text("Level 1"), .integer(9831), .decimal(0.2095), .date("2010-06-30"), .null],
      [.text("<b>&\"Non\"</b>"), .integer(-12_293), .decimal(-1e-9), .date("2011-02-28"), .null],
      [.text(""), .integer(0), .decimal(1e300), .date("2013-01-22"), .null],
    ], tablesRead: ["fuzz"])

  static func chartSpec(_ data: Data) {
    var diagnostics: [Diagnostic] = []
    let fence = SourceLocation(file: "fuzz.md", line: 1, column: 1)
    guard
      let spec = ChartSpec.parse(
        String(decoding: data, as: UTF8.self), fence: fence, diagnostics: &diagnostics)
    else { return }
    _ = ChartRenderer.html(spec, rows: rows, provenance: "", diagnostics: &diagnostics)
  }

  static func numberFormat(_ data: Data) {
    guard let format = try? NumberFormat(String(decoding: data, as: UTF8.self)) else { return }
    for value in [0, -0.0, 1, -1.5, 0.000_012_345, 1234567.891, 1e21, -1e-300, .nan, .infinity] {
      _ = format.format(value)
    }
  }

  static func inlineValue(_ data: Data) {
    let directives = PageDirectives(
      data: Computation.PageData(results: [
        "totals": rows,
        "one": SQLiteDatabase.Result(
          columns: rows.columns, rows: [rows.rows[0]], tablesRead: ["fuzz"]),
      ]),
      tables: [:], basePath: "/")
    var diagnostics: [Diagnostic] = []
    _ = directives.html(
      for: MarkdownDirective(
        kind: .inlineValue, text: String(decoding: data, as: UTF8.self),
        location: SourceLocation(file: "fuzz.md", line: 1, column: 1)),
      diagnostics: &diagnostics)
  }
}
