/// `feed.xml`: an Atom feed of the site's dated pages, newest first.
enum AtomFeed {
  static let path = "feed.xml"
  static let maximumEntries = 20

  /// The pages the feed lists, newest first: the most recent dated pages.
  static func entries(of site: Site) -> [Int] {
    Array(
      site.pages.indices
        .filter { site.pages[$0].isListed && site.pages[$0].frontMatter.date != nil }
        .sorted { lhs, rhs in
          let (left, right) = (site.pages[lhs], site.pages[rhs])
          if left.frontMatter.date! != right.frontMatter.date! {
            return left.frontMatter.date! > right.frontMatter.date!
          }
          return left.route < right.route
        }
        .prefix(maximumEntries))
  }

  /// The feed; `markdown` must hold the rendered HTML of every entry.
  static func xml(for site: Site, markdown: [RenderedMarkdown?]) -> String {
    let entries = entries(of: site)
    let config = site.config
    let updated =
      entries.first.map { site.pages[$0].frontMatter.date!.rfc3339 } ?? "1970-01-01T00:00:00Z"
    let author = config.author.isEmpty ? config.title : config.author
    var xml = """
      <?xml version="1.0" encoding="utf-8"?>
      <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(Escape.xml(config.language))">
        <title>\(Escape.xml(config.title))</title>
        <subtitle>\(Escape.xml(config.description))</subtitle>
        <link href="\(Escape.xml(site.permalink(path)))" rel="self" type="application/atom+xml"/>
        <link href="\(Escape.xml(site.permalink("")))" rel="alternate" type="text/html"/>
        <id>\(Escape.xml(site.permalink("")))</id>
        <updated>\(updated)</updated>
        <author><name>\(Escape.xml(author))</name></author>
        <generator version="\(Almanac.version)">Almanac</generator>

      """
    for index in entries {
      let page = site.pages[index]
      let permalink = Escape.xml(site.permalink(page.route))
      let date = page.frontMatter.date!.rfc3339
      xml += """
          <entry xml:base="\(permalink)">
            <title>\(Escape.xml(page.title))</title>
            <link href="\(permalink)" rel="alternate" type="text/html"/>
            <id>\(permalink)</id>
            <published>\(date)</published>
            <updated>\(date)</updated>

        """
      for tag in page.frontMatter.tags {
        xml += "    <category term=\"\(Escape.xml(tag))\"/>\n"
      }
      let summary = page.frontMatter.summary ?? markdown[index]?.firstParagraph ?? ""
      xml += "    <summary>\(Escape.xml(summary))</summary>\n"
      xml += "    <content type=\"html\">\(Escape.xml(markdown[index]?.html ?? ""))</content>\n"
      xml += "  </entry>\n"
    }
    return xml + "</feed>\n"
  }
}
