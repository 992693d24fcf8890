import Foundation

/// Ring segments for donut charts, clockwise from twelve o'clock.
enum ArcMark {
  static func draw(
    shares: [Double], names: [String], tooltips: [String], center: (x: Double, y: Double),
    radius: Double,
    svg: inout SVGWriter
  ) {
    let inner = radius * 0.6
    var angle = 0.0
    svg.open("g", [("class", .text("marks arcs"))])
    for (series, share) in shares.enumerated() where share > 0 {
      let color = ColorScale.series(series)
      let end = angle + share * 2 * Double.pi
      // A full circle can't be one arc; stop just short of it.
      let sweep = min(end, angle + 2 * Double.pi - 0.0001)
      let large = sweep - angle > Double.pi ? 1 : 0
      func point(_ theta: Double, _ r: Double) -> String {
        SVGWriter.number(center.x + r * sin(theta)) + ","
          + SVGWriter.number(center.y - r * cos(theta))
      }
      let path =
        "M" + point(angle, radius) + "A" + SVGWriter.number(radius) + "," + SVGWriter.number(radius)
        + " 0 \(large) 1 "
        + point(sweep, radius) + "L" + point(sweep, inner) + "A" + SVGWriter.number(inner) + ","
        + SVGWriter.number(inner) + " 0 \(large) 0 " + point(angle, inner) + "Z"
      svg.element(
        "path",
        [("class", .text(color.className)), ("d", .text(path)), ("fill", .text(color.fill))],
        tooltip: tooltips[series])
      angle = end
    }
    svg.close("g")
  }
}
