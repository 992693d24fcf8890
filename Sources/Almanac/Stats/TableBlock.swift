import Foundation

/// A ```` ```table ```` block: an accessible HTML table from a query or table, or from CSV
/// written in the block after a `---` line.
///
/// ```yaml
/// data: by_level            # a query name or a table name
/// caption: People removed through Secure Communities
/// columns:                  # optional; every column, in the data's order, by default
///   - {field: level, title: Level}
///   - {field: removed, title: People removed, format: ",d"}
/// source: auto              # or text that replaces the data's provenance
/// ```
struct TableBlock {
  struct Column {
    var field: String
    var title: String?
    var format: ValueText.Format?
    var location: SourceLocation
  }

  var data: String?
  var dataLocation: SourceLocation
  var caption: String?
  var columns: [Column]?
  var source: String?
  /// CSV written in the block itself.
  var handWritten: SQLiteDatabase.Result?

  static let knownKeys = ["data", "caption", "columns", "source"]
  static let columnKeys = ["field", "title", "format"]

  /// Parses a block whose text starts on the line after `fence`.
  static func parse(_ text: String, fence: SourceLocation, diagnostics: inout [Diagnostic])
    -> TableBlock?
  {
    let start = SourceLocation(file: fence.file, line: fence.line + 1, column: 1)
    var yaml = text
    var csv: String?
    var csvFirstLine = 0
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if let separator = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
    {
      yaml = lines[..<separator].joined(separator: "\n")
      csv = lines[(separator + 1)...].joined(separator: "\n")
      csvFirstLine = start.line + separator + 1
    }
    var block = TableBlock(dataLocation: start)
    guard
      let entries = YAMLNode.parseMapping(
        yaml, origin: start, diagnostics: &diagnostics,
        notMapping: { _, location in
          .invalidTableBlock("write `key: value` settings, such as `data: my_query`", at: location)
        })
    else { return nil }
    let before = diagnostics.count
    for entry in entries {
      switch entry.key {
      case "data":
        block.data = entry.node.text(for: "data", diagnostics: &diagnostics)
        block.dataLocation = entry.node.location
      case "caption": block.caption = entry.node.text(for: "caption", diagnostics: &diagnostics)
      case "source": block.source = entry.node.text(for: "source", diagnostics: &diagnostics)
      case "columns": block.columns = parseColumns(entry.node, diagnostics: &diagnostics)
      default:
        diagnostics.append(
          .unknownKey(
            entry.key, in: "the table block", suggestion: entry.key.closestMatch(in: knownKeys),
            known: knownKeys, at: entry.keyLocation))
      }
    }
    if let csv {
      block.handWritten = parseCSV(
        csv, firstLine: csvFirstLine, file: fence.file, diagnostics: &diagnostics)
      if block.data != nil {
        diagnostics.append(
          .invalidTableBlock(
            "give either `data:` or CSV after `---`, not both", at: block.dataLocation))
      }
    } else if block.data == nil {
      diagnostics.append(
        .invalidTableBlock(
          "say where the rows come from with `data: query_or_table`, or write CSV after a `---` line",
          at: start))
    }
    return diagnostics.count == before ? block : nil
  }

  private static func parseColumns(_ node: YAMLNode, diagnostics: inout [Diagnostic]) -> [Column]? {
    guard case .list(let items) = node.value else {
      diagnostics.append(
        .wrongType(key: "columns", expected: "a list", found: node, at: node.location))
      return nil
    }
    var columns: [Column] = []
    for item in items {
      if let field = item.scalarText {
        columns.append(Column(field: field, location: item.location))
        continue
      }
      guard case .mapping(let entries) = item.value else {
        diagnostics.append(
          .wrongType(
            key: "columns", expected: "a list of {field, title, format}", found: item,
            at: item.location))
        continue
      }
      var column = Column(field: "", location: item.location)
      for entry in entries {
        // Checked before the value, so that `{title: A, 2010}` (an unquoted comma) is reported
        // rather than read as a key with no value.
        guard columnKeys.contains(entry.key) else {
          diagnostics.append(
            .unknownKey(
              entry.key, in: "a table column", suggestion: entry.key.closestMatch(in: columnKeys),
              known: columnKeys, at: entry.keyLocation))
          continue
        }
        guard let value = entry.node.text(for: entry.key, diagnostics: &diagnostics) else {
          continue
        }
        switch entry.key {
        case "field":
          column.field = value
          column.location = entry.node.location
        case "format":
          do {
            column.format = try ValueText.Format(value)
          } catch {
            diagnostics.append(.invalidFormat(error.message, at: entry.node.location))
          }
        default:
          column.title = value
        }
      }
      if column.field.isEmpty {
        diagnostics.append(.invalidTableBlock("every column needs a `field`", at: item.location))
      } else {
        columns.append(column)
      }
    }
    return columns
  }

  private static func parseCSV(
    _ text: String, firstLine: Int, file: String, diagnostics: inout [Diagnostic]
  ) -> SQLiteDatabase.Result? {
    var fileDiagnostics: [Diagnostic] = []
    guard
      let table = DataTable.load(
        csv: text, name: "table", path: file, diagnostics: &fileDiagnostics)
    else {
      diagnostics += fileDiagnostics.map { diagnostic in
        var shifted = diagnostic
        if let location = diagnostic.location, location.line > 0 {
          shifted.location = location.shifted(lines: firstLine - 1)
        }
        return shifted
      }
      return nil
    }
    return SQLiteDatabase.Result(
      columns: table.columns.map(\.name), rows: table.rows, tablesRead: [])
  }

  /// The table's HTML. `caption` and `provenance` are HTML already, since captions may hold
  /// computed values.
  func html(
    rows result: SQLiteDatabase.Result, caption: String?, provenance: String,
    diagnostics: inout [Diagnostic]
  )
    -> String?
  {
    let shown: [Column] =
      columns ?? result.columns.map { Column(field: $0, location: dataLocation) }
    var indices: [Int] = []
    for column in shown {
      guard let index = result.columns.firstIndex(of: column.field) else {
        diagnostics.append(
          .unknownColumn(
            column.field, in: data ?? "the table",
            suggestion: column.field.closestMatch(in: result.columns),
            known: result.columns, at: column.location))
        continue
      }
      indices.append(index)
    }
    guard indices.count == shown.count else { return nil }
    let numeric = indices.map { index in
      result.rows.allSatisfy { row in
        switch row[index] {
        case .integer, .decimal, .null: return true
        default: return false
        }
      }
    }
    var html = "<figure class=\"table\">\n<table>\n"
    if let caption { html += "<caption>\(caption)</caption>\n" }
    html += "<thead>\n<tr>"
    for (position, column) in shown.enumerated() {
      html +=
        "<th scope=\"col\"\(numeric[position] ? " class=\"num\"" : "")>\(Escape.html(column.title ?? column.field))</th>"
    }
    html += "</tr>\n</thead>\n<tbody>\n"
    for row in result.rows {
      html += "<tr>"
      for (position, index) in indices.enumerated() {
        let text: String
        do {
          text = Escape.html(try ValueText.formatted(row[index], as: shown[position].format))
        } catch {
          diagnostics.append(.invalidFormat(error.message, at: shown[position].location))
          return nil
        }
        let isRowHeader = position == 0 && !numeric[0]
        let tag = isRowHeader ? "th" : "td"
        let attributes =
          (isRowHeader ? " scope=\"row\"" : "") + (numeric[position] ? " class=\"num\"" : "")
        html += "<\(tag)\(attributes)>\(text)</\(tag)>"
      }
      html += "</tr>\n"
    }
    html += "</tbody>\n</table>\n"
    let sourceLine = source.map { $0 == "auto" ? provenance : Escape.html($0) } ?? provenance
    if !sourceLine.isEmpty { html += "<p class=\"source\">\(sourceLine)</p>\n" }
    return html + "</figure>"
  }
}
