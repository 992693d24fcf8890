import Foundation

extension DataTable {
  /// LOAD: every data file in `Content/data/`, with its schema sidecar. Problems are added to
  /// `diagnostics`; tables with errors are left out.
  static func loadAll(from sources: SourceFiles, diagnostics: inout [Diagnostic]) -> [DataTable] {
    let folder = SourceFiles.contentFolder + Almanac.dataFolder
    var tables: [DataTable] = []
    var stems: [String: String] = [:]
    for path in sources.paths(under: folder) where !path.hasSuffix(schemaSuffix) {
      let fileName = String(path.dropFirst(folder.count))
      guard !fileName.contains("/"), let dot = fileName.lastIndex(of: "."),
        let format = formats[fileName[fileName.index(after: dot)...].lowercased()]
      else { continue }
      let name = String(fileName[..<dot])
      let location = SourceLocation(file: path)
      if let other = stems[name] {
        diagnostics.append(.duplicateTableName(name, other: other, at: location))
        continue
      }
      stems[name] = path
      guard isIdentifier(name) else {
        diagnostics.append(.invalidTableName(name, at: location))
        continue
      }
      var fileDiagnostics: [Diagnostic] = []
      let schema = DataSchema.load(
        from: sources, path: folder + name + schemaSuffix, diagnostics: &fileDiagnostics)
      if let table = load(
        sources.files[path]!, name: name, path: path, format: format, schema: schema,
        diagnostics: &fileDiagnostics), !fileDiagnostics.hasErrors
      {
        tables.append(table)
      }
      diagnostics += fileDiagnostics
    }
    return tables
  }

  /// Table and column names must work unquoted in SQL.
  static func isIdentifier(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first,
      first == "_" || (first.isASCII && first.properties.isAlphabetic)
    else { return false }
    return name.unicodeScalars.allSatisfy {
      $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0)
    }
  }

  static func load(
    _ data: Data, name: String, path: String, format: DataFormat, schema: DataSchema?,
    diagnostics: inout [Diagnostic]
  ) -> DataTable? {
    guard let text = decodeUTF8(data, file: path, diagnostics: &diagnostics) else { return nil }
    let records: [[CSVParser.Field]]
    switch format {
    case .csv, .tsv:
      do {
        records = try CSVParser(separator: format == .csv ? "," : "\t").records(in: text)
      } catch {
        diagnostics.append(.malformedCSV(error, file: path))
        return nil
      }
    case .json, .yaml:
      guard
        let converted = recordsFromYAML(text, path: path, format: format, diagnostics: &diagnostics)
      else {
        return nil
      }
      records = converted
    }
    guard let header = records.first, !header.isEmpty else {
      diagnostics.append(.emptyDataFile(at: SourceLocation(file: path)))
      return nil
    }
    var names: [String] = []
    for field in header {
      let location = SourceLocation(file: path, line: field.line, column: field.column)
      let columnName = field.text ?? ""
      if columnName.isEmpty {
        diagnostics.append(.emptyColumnName(at: location))
      } else if names.contains(columnName) {
        diagnostics.append(.duplicateColumnName(columnName, at: location))
      }
      names.append(columnName)
    }
    if let schema {
      for (columnName, declared) in schema.columns where !names.contains(columnName) {
        diagnostics.append(
          .unknownSchemaColumn(
            columnName, suggestion: columnName.closestMatch(in: names), at: declared.location))
      }
    }
    for record in records.dropFirst() where record.count != header.count {
      let extra = record.count > header.count ? record[header.count] : record.last!
      let column =
        record.count > header.count ? extra.column : extra.column + (extra.text?.count ?? 0)
      diagnostics.append(
        .wrongFieldCount(
          record.count, expected: header.count,
          at: SourceLocation(file: path, line: extra.line, column: column)))
    }
    guard !diagnostics.hasErrors else { return nil }

    let body = records.dropFirst()
    var columns: [Column] = []
    var rows = Array(repeating: [DataValue](), count: body.count)
    for (index, columnName) in names.enumerated() {
      let declared = schema?.columns[columnName]
      let type =
        declared?.type ?? ColumnType.inferred(from: body.lazy.compactMap { $0[index].text })
      columns.append(Column(name: columnName, type: type, description: declared?.description))
      for (rowIndex, record) in body.enumerated() {
        let field = record[index]
        guard let text = field.text else {
          rows[rowIndex].append(.null)
          continue
        }
        if let value = type.parse(text) {
          rows[rowIndex].append(value)
        } else {
          rows[rowIndex].append(.null)
          diagnostics.append(
            .valueDoesNotMatchType(
              text, column: columnName, type: type,
              at: SourceLocation(file: path, line: field.line, column: field.column)))
        }
      }
    }
    return DataTable(
      name: name, sourcePath: path, columns: columns, rows: rows, provenance: schema?.provenance)
  }

  /// JSON (an array of objects) and YAML (a list of mappings) become the same records as CSV:
  /// a header of keys in first-seen order, then the scalars as written.
  private static func recordsFromYAML(
    _ text: String, path: String, format: DataFormat, diagnostics: inout [Diagnostic]
  ) -> [[CSVParser.Field]]? {
    guard
      let root = YAMLNode.parse(
        text, origin: SourceLocation(file: path, line: 1, column: 1), diagnostics: &diagnostics)
    else { return nil }
    if case .null = root.value { return [] }
    guard case .list(let items) = root.value else {
      diagnostics.append(.dataNotAList(format: format, at: root.location))
      return nil
    }
    var keys: [String] = []
    var objects: [(YAMLNode, [String: YAMLNode])] = []
    for item in items {
      guard case .mapping(let entries) = item.value else {
        diagnostics.append(.dataNotAList(format: format, at: item.location))
        return nil
      }
      var object: [String: YAMLNode] = [:]
      for entry in entries {
        if !keys.contains(entry.key) { keys.append(entry.key) }
        switch entry.node.value {
        case .list, .mapping:
          diagnostics.append(.nestedDataValue(key: entry.key, at: entry.node.location))
          return nil
        default:
          object[entry.key] = entry.node
        }
      }
      objects.append((item, object))
    }
    let header = keys.map {
      CSVParser.Field(text: $0, line: root.location.line, column: root.location.column)
    }
    return [header]
      + objects.map { item, object in
        keys.map { key in
          let node = object[key]
          let location = node?.location ?? item.location
          return CSVParser.Field(text: node?.written, line: location.line, column: location.column)
        }
      }
  }
}
