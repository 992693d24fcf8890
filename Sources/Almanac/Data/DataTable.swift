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
  var html: String { Self.html(of: [self], basePath: "/") }

  /// One source line for data drawn from several tables: "Sources: A (licence); B. Data as of
  /// March 31, 2012 and January 22, 2013."
  ///
  /// A source `url` may be a web address or a page of this site (`/sources/`, which gains the
  /// site's base path); anything else, such as a `javascript:` URL, is not linked.
  static func html(of provenances: [Provenance], basePath: String) -> String {
    var sources: [String] = []
    for provenance in provenances {
      guard let name = provenance.sourceName else { continue }
      var source = Escape.html(name)
      if let url = provenance.sourceURL, let href = link(url, basePath: basePath) {
        source = "<a href=\"\(Escape.html(href))\">\(source)</a>"
      }
      if let license = provenance.license { source += " (\(Escape.html(license)))" }
      if !sources.contains(source) { sources.append(source) }
    }
    var dates: [String] = []
    for date in provenances.compactMap(\.asOf).sorted() where !dates.contains(date.long) {
      dates.append(date.long)
    }
    var parts: [String] = []
    if !sources.isEmpty {
      parts.append(
        (sources.count == 1 ? "Source: " : "Sources: ") + sources.joined(separator: "; ") + ".")
    }
    if !dates.isEmpty {
      let listed =
        dates.count == 1
        ? dates[0] : dates.dropLast().joined(separator: ", ") + " and " + dates.last!
      parts.append("Data as of \(listed).")
    }
    return parts.joined(separator: " ")
  }

  /// The `href` for a source URL: web addresses as they are, root paths of this site under its
  /// base path; nil for anything else.
  static func link(_ url: String, basePath: String) -> String? {
    if isWebAddress(url) { return url }
    guard url.hasPrefix("/"), !url.hasPrefix("//") else { return nil }
    return basePath + url.dropFirst()
  }

  /// Only web addresses become links, so a `javascript:` URL in a sidecar can't run.
  static func isWebAddress(_ url: String) -> Bool {
    // Compared on bytes: lowercasing the whole URL first was a tenth of a rebuild from memory.
    TextScan.hasPrefix(url.utf8, ignoringASCIICase: "http://")
      || TextScan.hasPrefix(url.utf8, ignoringASCIICase: "https://")
  }
}
