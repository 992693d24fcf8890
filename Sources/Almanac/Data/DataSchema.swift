/// A data file's `NAME.schema.yml` sidecar: column types and descriptions, and provenance.
///
/// ```yaml
/// description: One row per U.S. county
/// source: {name: ICE, url: https://www.ice.gov/}
/// license: Public domain (U.S. government work)
/// as_of: 2013-01-22
/// columns:
///   county_fips: {type: text, description: Five-digit county FIPS code}
/// ```
struct DataSchema: Sendable {
  struct Column: Sendable {
    var type: ColumnType?
    var description: String?
    var location: SourceLocation
  }

  var provenance = Provenance()
  var columns: [String: Column] = [:]

  static let knownKeys = ["description", "source", "license", "as_of", "columns"]
  static let sourceKeys = ["name", "url"]
  static let columnKeys = ["type", "description"]

  /// Reads the sidecar at `path`, or returns nil when the data file has none.
  static func load(from sources: SourceFiles, path: String, diagnostics: inout [Diagnostic])
    -> DataSchema?
  {
    guard let data = sources.files[path] else { return nil }
    guard let text = decodeUTF8(data, file: path, diagnostics: &diagnostics) else { return nil }
    guard
      let root = YAMLNode.parse(
        text, origin: SourceLocation(file: path, line: 1, column: 1), diagnostics: &diagnostics)
    else { return nil }
    var schema = DataSchema()
    if case .null = root.value { return schema }
    for entry in mapping(root, scope: "the schema", keys: knownKeys, diagnostics: &diagnostics) {
      let node = entry.node
      switch entry.key {
      case "description":
        schema.provenance.description = node.text(for: "description", diagnostics: &diagnostics)
      case "license":
        schema.provenance.license = node.text(for: "license", diagnostics: &diagnostics)
      case "as_of":
        guard let written = node.text(for: "as_of", diagnostics: &diagnostics) else { continue }
        schema.provenance.asOf = PageDate(parsing: written)
        if schema.provenance.asOf == nil {
          diagnostics.append(.invalidDate(written, at: node.location))
        }
      case "source":
        if let name = node.scalarText {
          schema.provenance.sourceName = name
          continue
        }
        for sourceEntry in mapping(
          node, scope: "source", keys: sourceKeys, diagnostics: &diagnostics)
        {
          let value = sourceEntry.node.text(
            for: "source." + sourceEntry.key, diagnostics: &diagnostics)
          if sourceEntry.key == "name" {
            schema.provenance.sourceName = value
          } else {
            schema.provenance.sourceURL = value
          }
        }
      default:
        for columnEntry in mapping(node, scope: "columns", keys: nil, diagnostics: &diagnostics) {
          var column = Column(location: columnEntry.keyLocation)
          for field in mapping(
            columnEntry.node, scope: "a column", keys: columnKeys, diagnostics: &diagnostics)
          {
            guard let value = field.node.text(for: field.key, diagnostics: &diagnostics) else {
              continue
            }
            if field.key == "description" {
              column.description = value
            } else if let type = ColumnType(rawValue: value) {
              column.type = type
            } else {
              let names = ColumnType.allCases.map(\.rawValue)
              diagnostics.append(
                .unknownColumnType(
                  value, suggestion: value.closestMatch(in: names), known: names,
                  at: field.node.location))
            }
          }
          schema.columns[columnEntry.key] = column
        }
      }
    }
    return schema
  }

  /// The entries of a mapping node; reports a node of another kind and, when `keys` is given,
  /// every key not among them.
  private static func mapping(
    _ node: YAMLNode, scope: String, keys: [String]?, diagnostics: inout [Diagnostic]
  ) -> [YAMLEntry] {
    guard case .mapping(let entries) = node.value else {
      diagnostics.append(
        .wrongType(key: scope, expected: "a mapping", found: node, at: node.location))
      return []
    }
    guard let keys else { return entries }
    return entries.filter { entry in
      guard keys.contains(entry.key) else {
        diagnostics.append(
          .unknownKey(
            entry.key, in: scope, suggestion: entry.key.closestMatch(in: keys), known: keys,
            at: entry.keyLocation))
        return false
      }
      return true
    }
  }
}
