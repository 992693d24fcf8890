/// Charts of parts of a whole: a waffle (parts of 100) or a donut, each with a legend that names
/// every part with its share, so colour is never the only way to tell them apart.
struct PartToWholeChart {
  let spec: ChartSpec
  let data: ChartData

  func draw(_ variant: ChartStyle.Variant) -> CartesianChart.Drawing {
    let names = data.categories
    let values = names.map { name in
      data.points.filter { $0.x.category == name }.compactMap(\.y.number).reduce(0, +)
    }
    let total = values.reduce(0, +)
    let formats = ChartFormats(spec: spec, data: data, valueDecimals: 0, xDecimals: 0)
    let percent = try! NumberFormat(".0%")
    let cells = WaffleMark.cells(for: values.map { max(0, $0) })
    let legendLines = names.indices.map { index in
      spec.kind == .waffle
        ? "\(names[index]): \(cells[index]) of 100 (\(formats.value(values[index])))"
        : "\(names[index]): \(percent.format(total > 0 ? values[index] / total : 0)) (\(formats.value(values[index])))"
    }
    let width = variant.width
    let size = variant == .wide ? 240.0 : min(240, width - 16)
    let legendWidth = legendLines.map { Legend.swatch + 6 + Axis.labelWidth($0) }.max() ?? 0
    let sideBySide = variant == .wide && size + 24 + legendWidth <= width
    let legendOrigin = sideBySide ? (x: size + 24, y: 8.0) : (x: 8.0, y: size + 16)
    let height =
      sideBySide
      ? max(size + 8, Double(names.count) * (ChartStyle.lineHeight + 6) + 16)
      : size + 24 + Double(names.count) * (ChartStyle.lineHeight + 6)
    var drawing = CartesianChart.Drawing(width: width, height: height, formats: formats)
    if spec.kind == .waffle {
      WaffleMark.draw(cells: cells, names: names, origin: (8, 4), size: size, svg: &drawing.svg)
    } else {
      ArcMark.draw(
        shares: values.map { total > 0 ? max(0, $0) / total : 0 }, names: names,
        tooltips: legendLines, center: (8 + size / 2, 4 + size / 2), radius: size / 2,
        svg: &drawing.svg)
    }
    drawing.svg.open("g", [("class", .text("legend"))])
    for (index, line) in legendLines.enumerated() {
      let color = ColorScale.series(index)
      let y = legendOrigin.y + Double(index) * (ChartStyle.lineHeight + 6)
      drawing.svg.element(
        "rect",
        [
          ("class", .text(color.className)), ("x", .number(legendOrigin.x)), ("y", .number(y + 2)),
          ("width", .number(Legend.swatch)), ("height", .number(Legend.swatch)),
          ("fill", .text(color.fill)),
        ])
      drawing.svg.element(
        "text",
        [
          ("x", .number(legendOrigin.x + Legend.swatch + 6)), ("y", .number(y + 7)),
          ("dy", .text("0.32em")),
        ],
        text: line)
    }
    drawing.svg.close("g")
    return drawing
  }
}
