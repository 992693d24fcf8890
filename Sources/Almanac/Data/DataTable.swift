/// A data file from `Content/data/`, loaded as a table with typed columns.
public struct DataTable: Sendable {
  public struct Column: Sendable, Equatable {
    public var name: String
    public var type: ColumnType
    public var description: String?
  }

  /// The table's name in queries: the file's name without its extension.
  public var name: String
  /// The file it was read from, relative to the site's root.
  public var sourcePath: String
  public var columns: [Column]
  public var rows: [[DataValue]]
  /// Where the data comes from, from the file's `NAME.schema.yml` sidecar.
  public var provenance: Provenance?

  /// The extensions Almanac reads as data, and how.
  static let formats: [String: DataFormat] = [
    "csv": .csv, "tsv": .tsv, "json": .json, "yml": .yaml, "yaml": .yaml,
  ]
  static let schemaSuffix = ".schema.yml"
}

enum DataFormat {
  case csv
  case tsv
  case json
  case yaml
}

/// Where a table's data comes from, printed under the tables and charts built from it.
public struct Provenance: Sendable, Equatable {
  public var description: String?
  public var sourceName: String?
  public var sourceURL: String?
  public var license: String?
  public var asOf: PageDate?

  /// `Source: ICE (public domain). Data as of January 22, 2013.` as HTML, with the source linked.
  var html: String {
    var parts: [String] = []
    if let sourceName {
      var source = Escape.html(sourceName)
      if let sourceURL, Self.isWebAddress(sourceURL) {
        source = "<a href=\"\(Escape.html(sourceURL))\">\(source)</a>"
      }
      if let license { source += " (\(Escape.html(license)))" }
      parts.append("Source: \(source).")
    }
    if let asOf { parts.append("Data as of \(asOf.long).") }
    return parts.joined(separator: " ")
  }

  /// Only web addresses become links, so a `javascript:` URL in a sidecar can't run.
  static func isWebAddress(_ url: String) -> Bool {
    let lowered = url.lowercased()
    return lowered.hasPrefix("https://") || lowered.hasPrefix("http://")
  }
}
