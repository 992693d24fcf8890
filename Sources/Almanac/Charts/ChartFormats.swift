/// How a chart prints its values: the encoding's format when the author gave one, else a
/// default that suits the numbers (years without separators, enough decimals for the ticks).
/// Axis, labels, tooltips, description and data table all use the same formatter.
struct ChartFormats {
  var value: (Double) -> String
  var x: (Double) -> String

  init(spec: ChartSpec, data: ChartData, valueDecimals: Int, xDecimals: Int) {
    let valueEncoding =
      spec.kind.isHorizontal
      ? spec.x : (spec.kind == .waffle || spec.kind == .donut ? spec.y ?? spec.x : spec.y)
    value = Self.formatter(valueEncoding?.format, decimals: valueDecimals, looksLikeYears: false)
    let xValues = data.points.compactMap(\.x.number)
    let looksLikeYears =
      !xValues.isEmpty && xValues.allSatisfy { $0 == $0.rounded() && (1000...2999).contains($0) }
    x = Self.formatter(spec.x?.format, decimals: xDecimals, looksLikeYears: looksLikeYears)
  }

  private static func formatter(_ format: ValueText.Format?, decimals: Int, looksLikeYears: Bool)
    -> (Double) -> String
  {
    if case .number(let numberFormat)? = format { return numberFormat.format }
    let specifier = looksLikeYears ? "d" : ",.\(decimals)f"
    let numberFormat = (try? NumberFormat(specifier)) ?? ValueText.integerDefault
    return numberFormat.format
  }

  /// A position as text for tooltips, descriptions and the data table.
  func text(of position: ChartData.Position) -> String {
    switch position {
    case .category(let name): return name
    case .number(let number): return x(number)
    case .date(let date): return ValueText.dateDefault.format(date)
    }
  }
}
