/// `sitemap.xml`: every page a search engine should index, in URL order.
enum Sitemap {
  static let path = "sitemap.xml"

  static func xml(for site: Site) -> String {
    var xml = """
      <?xml version="1.0" encoding="UTF-8"?>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

      """
    for page in site.pages.sorted(by: { $0.route < $1.route }) where page.kind != .notFound {
      xml += "  <url>\n    <loc>\(Escape.xml(site.permalink(page.route)))</loc>\n"
      if let date = page.frontMatter.date {
        xml += "    <lastmod>\(date.iso)</lastmod>\n"
      }
      xml += "  </url>\n"
    }
    return xml + "</urlset>\n"
  }
}
