/// A named SQL query: from a page's `queries:` front matter (visible on that page) or from
/// `Content/queries/NAME.sql` (visible on every page).
struct Query: Sendable, Equatable {
  var name: String
  var sql: String
  /// Where the SQL text starts, so SQLite's error positions map back to the file.
  var location: SourceLocation

  static let folder = SourceFiles.contentFolder + "queries/"

  /// The `queries:` mapping of a page's front matter.
  static func fromFrontMatter(_ node: YAMLNode, file: String, diagnostics: inout [Diagnostic])
    -> [Query]
  {
    guard case .mapping(let entries) = node.value else {
      diagnostics.append(
        .wrongType(
          key: "queries", expected: "a mapping of names to SQL", found: node, at: node.location))
      return []
    }
    return entries.compactMap { entry in
      guard DataTable.isIdentifier(entry.key) else {
        diagnostics.append(.invalidQueryName(entry.key, at: entry.keyLocation))
        return nil
      }
      guard let sql = entry.node.text(for: "queries." + entry.key, diagnostics: &diagnostics) else {
        return Query?.none
      }
      return Query(name: entry.key, sql: sql, location: entry.node.location)
    }
  }

  /// Every `Content/queries/*.sql` file.
  static func siteWide(from sources: SourceFiles, diagnostics: inout [Diagnostic]) -> [Query] {
    sources.paths(under: folder).compactMap { path in
      let fileName = String(path.dropFirst(folder.count))
      guard fileName.hasSuffix(".sql"), !fileName.contains("/") else { return nil }
      let name = String(fileName.dropLast(".sql".count))
      guard DataTable.isIdentifier(name) else {
        diagnostics.append(.invalidQueryName(name, at: SourceLocation(file: path)))
        return nil
      }
      guard let sql = decodeUTF8(sources.files[path]!, file: path, diagnostics: &diagnostics) else {
        return nil
      }
      return Query(name: name, sql: sql, location: SourceLocation(file: path, line: 1, column: 1))
    }
  }

  /// The position in the file of a byte offset into the SQL text.
  func location(ofOffset offset: Int?) -> SourceLocation {
    guard let offset, offset >= 0, offset <= sql.utf8.count else { return location }
    let before = sql.utf8.prefix(offset)
    let lineBreaks = before.filter { $0 == UInt8(ascii: "\n") }.count
    let lineStart =
      before.lastIndex(of: UInt8(ascii: "\n")).map { before.index(after: $0) } ?? before.startIndex
    let column = String(decoding: before[lineStart...], as: UTF8.self).count + 1
    // Every line of a block scalar shares the indentation its first line starts at.
    return SourceLocation(
      file: location.file, line: location.line + lineBreaks, column: location.column + column - 1)
  }
}

/// `generate:` in front matter: one page per row of a query.
///
/// ```yaml
/// generate:
///   query: states          # a query on this page or in Content/queries/
///   slug: "{state_name}"   # the last part of each page's URL, from the row's columns
/// ```
/// The page's `title` and `summary` may use `{column}` too. Each row's columns are bind
/// parameters (`:state_fips`) for the page's other queries, and `row` in its values.
struct PageGenerator: Sendable, Equatable {
  var query: String
  var slug: String
  var location: SourceLocation

  static let knownKeys = ["query", "slug"]

  init?(_ node: YAMLNode, diagnostics: inout [Diagnostic]) {
    guard case .mapping(let entries) = node.value else {
      diagnostics.append(
        .wrongType(
          key: "generate", expected: "a mapping with query and slug", found: node, at: node.location
        ))
      return nil
    }
    var query: String?
    var slug: String?
    for entry in entries {
      switch entry.key {
      case "query": query = entry.node.text(for: "generate.query", diagnostics: &diagnostics)
      case "slug": slug = entry.node.text(for: "generate.slug", diagnostics: &diagnostics)
      default:
        diagnostics.append(
          .unknownKey(
            entry.key, in: "generate", suggestion: entry.key.closestMatch(in: Self.knownKeys),
            known: Self.knownKeys, at: entry.keyLocation))
      }
    }
    guard let query, let slug else {
      diagnostics.append(.incompleteGenerator(at: node.location))
      return nil
    }
    self.query = query
    self.slug = slug
    location = node.location
  }

  /// Replaces each `{column}` in `pattern` with the row's value, as plain text.
  static func fill(_ pattern: String, with row: [String: DataValue]) -> (
    text: String, unknown: [String]
  ) {
    var result = ""
    var unknown: [String] = []
    var rest = pattern[...]
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      result += rest[..<open]
      let name = String(rest[rest.index(after: open)..<close])
      if let value = row[name] {
        result += ValueText.plain(value)
      } else {
        unknown.append(name)
      }
      rest = rest[rest.index(after: close)...]
    }
    return (result + rest, unknown)
  }
}
