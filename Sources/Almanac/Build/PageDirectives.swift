/// Renders one page's reserved Markdown: inline values (`` `=query.column | format` ``),
/// ```` ```table ```` blocks and ```` ```chart ```` blocks, from the page's computed data.
struct PageDirectives: DirectiveRendering {
  let data: Computation.PageData
  let tables: [String: DataTable]
  /// The path the site is served under, for provenance links to the site's own pages.
  let basePath: String
  /// The tables and figures behind what this page shows.
  let usage = DirectiveUsage()

  func html(for directive: MarkdownDirective, diagnostics: inout [Diagnostic]) -> String? {
    switch directive.kind {
    case .inlineValue:
      return inlineValue(directive.text, at: directive.location, diagnostics: &diagnostics)
    case .block(name: "table"):
      guard
        let block = TableBlock.parse(
          directive.text, fence: directive.location, diagnostics: &diagnostics)
      else { return nil }
      var caption: String?
      if let text = block.caption {
        guard let html = textWithValues(text, at: directive.location, diagnostics: &diagnostics)
        else { return nil }
        caption = html
      }
      if let handWritten = block.handWritten {
        return block.html(
          rows: handWritten, caption: caption, provenance: "", diagnostics: &diagnostics)
      }
      guard let name = block.data,
        let (result, provenance) = rows(
          named: name, at: block.dataLocation, diagnostics: &diagnostics)
      else { return nil }
      usage.recordCells(of: result, label: "table \(name)")
      return block.html(
        rows: result, caption: caption, provenance: provenance, diagnostics: &diagnostics)
    case .block(name: "chart"):
      guard
        let spec = ChartSpec.parse(
          directive.text, fence: directive.location, diagnostics: &diagnostics),
        let (result, provenance) = rows(
          named: spec.data, at: spec.dataLocation, diagnostics: &diagnostics)
      else { return nil }
      usage.recordCells(of: result, label: "chart \(spec.data)")
      guard
        let title = textWithValues(spec.title, at: directive.location, diagnostics: &diagnostics)
      else { return nil }
      return ChartRenderer.html(
        spec, titleHTML: title, titleLevel: min(directive.sectionLevel + 1, 6), rows: result,
        provenance: provenance, diagnostics: &diagnostics)
    case .block:
      return nil
    }
  }

  /// `totals.removed | ,d` → the formatted value, or nil after reporting why it can't be shown.
  private func inlineValue(
    _ text: String, at location: SourceLocation, diagnostics: inout [Diagnostic]
  ) -> String? {
    let parts = text.split(separator: "|", maxSplits: 1).map {
      TextScan.trimmingWhiteSpace(String($0), keepingLineBreaks: true)
    }
    let reference = parts.first ?? ""
    let names = reference.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard (1...2).contains(names.count), names.allSatisfy(DataTable.isIdentifier) else {
      diagnostics.append(.invalidValueReference(text, at: location))
      return nil
    }
    var format: ValueText.Format?
    if parts.count == 2 {
      do {
        format = try ValueText.Format(parts[1])
      } catch {
        diagnostics.append(.invalidFormat(error.message, at: location))
        return nil
      }
    }
    usage.names.insert(names[0])
    if let result = data.results[names[0]] { usage.tables.formUnion(result.tablesRead) }
    guard let result = data.results[names[0]] else {
      let known = data.results.keys.sorted()
      diagnostics.append(
        .unknownQuery(
          names[0], suggestion: names[0].closestMatch(in: known), known: known, at: location))
      return nil
    }
    guard result.rows.count == 1 else {
      diagnostics.append(.notOneRow(names[0], rows: result.rows.count, at: location))
      return nil
    }
    let column: Int
    if names.count == 2 {
      guard let index = result.columns.firstIndex(of: names[1]) else {
        diagnostics.append(
          .unknownColumn(
            names[1], in: names[0], suggestion: names[1].closestMatch(in: result.columns),
            known: result.columns,
            at: location))
        return nil
      }
      column = index
    } else {
      guard result.columns.count == 1 else {
        diagnostics.append(.notOneColumn(names[0], columns: result.columns, at: location))
        return nil
      }
      column = 0
    }
    let value = result.rows[0][column]
    if value.isNull { diagnostics.append(.nullValue("`=\(reference)`", at: location)) }
    do {
      let text = try ValueText.formatted(value, as: format)
      usage.figures[reference] = text
      return ValueText.html(value, formatted: text)
    } catch {
      diagnostics.append(.invalidFormat(error.message, at: location))
      return nil
    }
  }

  /// Text that may hold inline values in backticks, as a table caption may: the values rendered,
  /// other code spans as `<code>`, and everything else escaped.
  private func textWithValues(
    _ text: String, at location: SourceLocation, diagnostics: inout [Diagnostic]
  ) -> String? {
    var html = ""
    var rest = text[...]
    while let open = rest.firstIndex(of: "`"),
      let close = rest[rest.index(after: open)...].firstIndex(of: "`")
    {
      html += Escape.html(String(rest[..<open]))
      let code = String(rest[rest.index(after: open)..<close])
      if code.hasPrefix("=") {
        guard
          let value = inlineValue(String(code.dropFirst()), at: location, diagnostics: &diagnostics)
        else { return nil }
        html += value
      } else {
        html += "<code>\(Escape.html(code))</code>"
      }
      rest = rest[rest.index(after: close)...]
    }
    return html + Escape.html(String(rest))
  }

  /// The rows of a query or a table, with the provenance of the tables behind them.
  private func rows(
    named name: String, at location: SourceLocation, diagnostics: inout [Diagnostic]
  ) -> (SQLiteDatabase.Result, String)? {
    usage.names.insert(name)
    if let result = data.results[name] {
      usage.tables.formUnion(result.tablesRead)
      return (result, provenanceHTML(of: result.tablesRead))
    }
    if let table = tables[name] {
      usage.tables.insert(name)
      let result = SQLiteDatabase.Result(
        columns: table.columns.map(\.name), rows: table.rows, tablesRead: [name])
      return (result, provenanceHTML(of: [name]))
    }
    let known = (Array(data.results.keys) + Array(tables.keys)).sorted()
    diagnostics.append(
      .unknownQuery(name, suggestion: name.closestMatch(in: known), known: known, at: location))
    return nil
  }

  private func provenanceHTML(of tableNames: Set<String>) -> String {
    Provenance.html(
      of: tableNames.sorted().compactMap { tables[$0]?.provenance }, basePath: basePath)
  }

}

/// What one page's directives drew on: the names they asked for, the tables (for the check that
/// every data file is used) and the figures they showed (for the report of figures a rebuild changed). A page is rendered
/// on one thread, so this needs no lock.
final class DirectiveUsage {
  var tables: Set<String> = []
  /// The query and table names the directives asked for, found or not: what the page's
  /// Markdown depends on.
  var names: Set<String> = []
  /// Each computed value shown, by label: `totals.removed` for an inline value, and
  /// `chart removals_by_year [2012] removals` for a cell of a chart's or table's data.
  var figures: [String: String] = [:]

  /// Blocks over more rows than this record one digest instead of every cell, to keep the build
  /// manifest small; a change still shows, without the values.
  static let cellLimit = 400

  /// Records a block's cells, each labelled by the row's first value and the column.
  func recordCells(of result: SQLiteDatabase.Result, label: String) {
    guard result.rows.count * result.columns.count <= Self.cellLimit else {
      var hash = ContentHash()
      for row in result.rows { for value in row { hash.combine(ValueText.plain(value)) } }
      figures[label] = "data " + hash.hex
      return
    }
    var seen: [String: Int] = [:]
    for row in result.rows {
      var key = row.first.map(ValueText.plain) ?? ""
      seen[key, default: 0] += 1
      if seen[key]! > 1 { key += " #\(seen[key]!)" }
      for (column, value) in zip(result.columns, row).dropFirst() {
        figures["\(label) [\(key)] \(column)"] = ValueText.plain(value)
      }
    }
  }
}
