/// The rows a chart draws, with each channel read from the query result and checked.
struct ChartData {
  enum Position: Equatable {
    case category(String)
    case number(Double)
    case date(PageDate)

    var number: Double? {
      if case .number(let value) = self { return value }
      return nil
    }

    var category: String? {
      if case .category(let value) = self { return value }
      return nil
    }

    var date: PageDate? {
      if case .date(let value) = self { return value }
      return nil
    }
  }

  struct Point {
    var x: Position
    var y: Position
    var series: String?
    var facet: String?
    /// A numeric colour channel, for sequential colour.
    var shade: Double?
    /// The original row, for the data table.
    var row: [DataValue]
  }

  var points: [Point] = []
  /// Colour series in legend and stacking order: the `sort` given, else first appearance.
  var series: [String] = []
  var facets: [String] = []
  /// Categories on the band axis, in order.
  var categories: [String] = []
  var columns: [String] = []

  /// The most categories or series a chart draws; more can't be told apart.
  static let categoryLimit = 60
  static let seriesLimit = 8

  /// Reads `result` for `spec`; nil after reporting what doesn't fit.
  static func bind(
    _ result: SQLiteDatabase.Result, spec: ChartSpec, diagnostics: inout [Diagnostic]
  ) -> ChartData? {
    var data = ChartData(columns: result.columns)
    let before = diagnostics.count
    func column(_ encoding: ChartSpec.Encoding?) -> Int? {
      guard let encoding else { return nil }
      guard let index = result.columns.firstIndex(of: encoding.field) else {
        diagnostics.append(
          .unknownColumn(
            encoding.field, in: spec.data,
            suggestion: encoding.field.closestMatch(in: result.columns),
            known: result.columns, at: encoding.location))
        return nil
      }
      return index
    }
    let kind = spec.kind
    let (categoryChannel, valueChannel): (ChartSpec.Encoding?, ChartSpec.Encoding?) =
      switch kind {
      case .bar, .stackedBar, .dot: (spec.y, spec.x)
      case .waffle, .donut: (spec.color, spec.y ?? spec.x)
      default: (spec.x, spec.y)
      }
    let required: [(String, ChartSpec.Encoding?)] =
      switch kind {
      case .bar, .stackedBar, .dot: [("y", spec.y), ("x", spec.x)]
      case .waffle, .donut: [("color", spec.color), ("y", spec.y ?? spec.x)]
      case .histogram: [("x", spec.x)]
      default: [("x", spec.x), ("y", spec.y)]
      }
    for (channel, encoding) in required where encoding == nil {
      diagnostics.append(.chartFieldRequired(channel, kind: kind.rawValue, at: spec.location))
    }
    if kind.needsColor && spec.color == nil {
      diagnostics.append(.chartFieldRequired("color", kind: kind.rawValue, at: spec.location))
    }
    guard diagnostics.count == before else { return nil }
    let categoryIndex = column(categoryChannel)
    let valueIndex = column(valueChannel)
    let seriesIndex = kind == .waffle || kind == .donut ? nil : column(spec.color)
    let facetIndex = column(spec.facet)
    guard diagnostics.count == before else { return nil }

    let usesTime =
      (kind == .line || kind == .area)
      && spec.x?.scale != .linear
      && result.rows.contains { Self.date(from: $0[categoryIndex!]) != nil }
    let sequentialColor =
      seriesIndex.map { index in
        spec.color?.scale == .linear
          || (kind == .scatter
            && result.rows.allSatisfy { $0[index].number != nil || $0[index].isNull })
      } ?? false

    for row in result.rows {
      var point = Point(x: .number(0), y: .number(0), row: row)
      if let seriesIndex {
        if sequentialColor {
          point.shade = row[seriesIndex].number
        } else {
          point.series = ValueText.plain(row[seriesIndex])
        }
      }
      if let facetIndex { point.facet = ValueText.plain(row[facetIndex]) }
      let field = valueChannel?.field ?? ""
      var value: Double?
      if let valueIndex {
        guard !row[valueIndex].isNull else { continue }
        guard let number = row[valueIndex].number ?? Double(ValueText.plain(row[valueIndex])) else {
          diagnostics.append(
            .chartValueNotNumber(
              ValueText.plain(row[valueIndex]), field: field, at: valueChannel!.location))
          return nil
        }
        value = number
      }
      switch kind {
      case .bar, .stackedBar, .dot:
        point.y = .category(ValueText.plain(row[categoryIndex!]))
        point.x = .number(value!)
      case .waffle, .donut:
        point.x = .category(ValueText.plain(row[categoryIndex!]))
        point.y = .number(value!)
      case .histogram, .scatter:
        guard !row[categoryIndex!].isNull else { continue }
        guard let number = row[categoryIndex!].number else {
          diagnostics.append(
            .chartValueNotNumber(
              ValueText.plain(row[categoryIndex!]), field: spec.x!.field, at: spec.x!.location))
          return nil
        }
        point.x = .number(number)
        // A histogram without y counts rows; a scatter plot always has y.
        point.y = .number(value ?? 1)
      case .line, .area:
        let raw = row[categoryIndex!]
        if usesTime {
          guard let date = Self.date(from: raw) else {
            diagnostics.append(
              .chartValueNotDate(ValueText.plain(raw), field: spec.x!.field, at: spec.x!.location))
            return nil
          }
          point.x = .date(date)
        } else {
          guard let number = raw.number else {
            diagnostics.append(
              .chartValueNotNumber(ValueText.plain(raw), field: spec.x!.field, at: spec.x!.location)
            )
            return nil
          }
          point.x = .number(number)
        }
        point.y = .number(value!)
      default:
        point.x = .category(ValueText.plain(row[categoryIndex!]))
        point.y = .number(value!)
      }
      data.points.append(point)
    }
    guard !data.points.isEmpty else {
      diagnostics.append(.chartHasNoData(spec.data, at: spec.dataLocation))
      return nil
    }
    data.categories = ordered(
      data.points.compactMap { kind.isHorizontal ? $0.y.category : $0.x.category },
      by: categoryChannel?.sort)
    data.series = ordered(data.points.compactMap(\.series), by: spec.color?.sort)
    data.facets = ordered(data.points.compactMap(\.facet), by: spec.facet?.sort)
    if data.categories.count > categoryLimit {
      diagnostics.append(
        .tooManyCategories(
          data.categories.count, limit: categoryLimit, at: categoryChannel!.location))
      return nil
    }
    if data.series.count > seriesLimit {
      diagnostics.append(
        .tooManyCategories(data.series.count, limit: seriesLimit, at: spec.color!.location))
      return nil
    }
    // A log scale can't place zero or negative values; check each log-scaled channel itself.
    for (encoding, positions) in [(spec.x, data.points.map(\.x)), (spec.y, data.points.map(\.y))]
    where encoding?.scale == .log && positions.contains(where: { ($0.number ?? 1) <= 0 }) {
      diagnostics.append(.logScaleNeedsPositive(encoding!.field, at: encoding!.location))
      return nil
    }
    return data
  }

  /// A date from a date value, `YYYY-MM` text (a month) or `YYYY-MM-DD` text.
  static func date(from value: DataValue) -> PageDate? {
    let text = ValueText.plain(value)
    if text.utf8.count == 7, let month = PageDate(parsing: text + "-01") { return month }
    return text.utf8.count == 10 ? PageDate(parsing: text) : nil
  }

  /// Unique values in the order given by `sort` (others after it, in first-seen order).
  private static func ordered(_ values: [String], by sort: [String]?) -> [String] {
    var seen: Set<String> = []
    let unique = values.filter { seen.insert($0).inserted }
    guard let sort else { return unique }
    return sort.filter(seen.contains) + unique.filter { !sort.contains($0) }
  }
}
