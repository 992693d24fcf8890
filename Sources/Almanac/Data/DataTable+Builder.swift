extension DataTable {
  /// Builds a table from its records, one at a time as they are parsed: the header first, then
  /// one record per row. Rows are stored as they arrive, as text where a column's type is still
  /// being inferred, and converted in place once every value has been seen.
  struct Builder {
    let name: String
    let path: String
    let schema: DataSchema?
    private var names: [String]?
    private var declared: [ColumnType?] = []
    private var inference: [ColumnType.Inference] = []
    private var rows: [[DataValue]] = []
    /// Problems with the file's shape; once there is one, rows are no longer kept.
    private var problems: [Diagnostic] = []
    /// Values that don't fit their declared type, by column, reported only for well-formed files.
    private var mismatches: [(column: Int, diagnostic: Diagnostic)] = []

    init(name: String, path: String, schema: DataSchema?) {
      self.name = name
      self.path = path
      self.schema = schema
    }

    mutating func add(_ record: [CSVParser.Field]) {
      guard let names else {
        readHeader(record)
        return
      }
      guard record.count == names.count else {
        let extra = record.count > names.count ? record[names.count] : record.last!
        let column =
          record.count > names.count ? extra.column : extra.column + (extra.text?.count ?? 0)
        problems.append(
          .wrongFieldCount(
            record.count, expected: names.count,
            at: SourceLocation(file: path, line: extra.line, column: column)))
        return
      }
      guard problems.isEmpty else { return }
      var row: [DataValue] = []
      row.reserveCapacity(record.count)
      for (index, field) in record.enumerated() {
        guard let text = field.text else {
          row.append(.null)
          continue
        }
        guard let type = declared[index] else {
          inference[index].add(text)
          row.append(.text(text))
          continue
        }
        if let value = type.parse(text) {
          row.append(value)
        } else {
          row.append(.null)
          mismatches.append(
            (
              index,
              .valueDoesNotMatchType(
                text, column: names[index], type: type,
                at: SourceLocation(file: path, line: field.line, column: field.column))
            ))
        }
      }
      rows.append(row)
    }

    private mutating func readHeader(_ header: [CSVParser.Field]) {
      var names: [String] = []
      var seen: Set<String> = []
      for field in header {
        let location = SourceLocation(file: path, line: field.line, column: field.column)
        let columnName = field.text ?? ""
        if columnName.isEmpty {
          problems.append(.emptyColumnName(at: location))
        } else if !seen.insert(columnName).inserted {
          problems.append(.duplicateColumnName(columnName, at: location))
        }
        names.append(columnName)
      }
      if let schema {
        for (columnName, column) in schema.columns where !seen.contains(columnName) {
          problems.append(
            .unknownSchemaColumn(
              columnName, suggestion: columnName.closestMatch(in: names), at: column.location))
        }
      }
      self.names = names
      declared = names.map { schema?.columns[$0]?.type }
      inference = Array(repeating: ColumnType.Inference(), count: names.count)
    }

    /// The table, or nil (with the problems added to `diagnostics`) when the file is empty or
    /// malformed, or `diagnostics` already holds an error about it (in its schema).
    mutating func finish(diagnostics: inout [Diagnostic]) -> DataTable? {
      guard let names, !names.isEmpty else {
        diagnostics.append(.emptyDataFile(at: SourceLocation(file: path)))
        return nil
      }
      guard problems.isEmpty, !diagnostics.hasErrors else {
        diagnostics += problems
        return nil
      }
      diagnostics += mismatches.enumerated()
        .sorted { ($0.element.column, $0.offset) < ($1.element.column, $1.offset) }
        .map(\.element.diagnostic)
      var columns: [Column] = []
      for (index, columnName) in names.enumerated() {
        let type = declared[index] ?? inference[index].type
        columns.append(
          Column(
            name: columnName, type: type, description: schema?.columns[columnName]?.description))
        guard declared[index] == nil, type != .text else { continue }
        for row in rows.indices {
          if case .text(let text) = rows[row][index] { rows[row][index] = type.parse(text)! }
        }
      }
      let table = DataTable(
        name: name, sourcePath: path, columns: columns, rows: rows,
        provenance: schema?.provenance)
      rows = []
      return table
    }
  }
}
