-- Converts every file listed in $PANDOC_BATCH_LIST (lines of "input<TAB>output") from
-- CommonMark to HTML inside one pandoc process, skipping a leading YAML front-matter block.
-- Run as a filter on an empty document:
--   PANDOC_BATCH_LIST=list.tsv pandoc -f commonmark -t html --lua-filter pandoc-batch.lua </dev/null
function Pandoc(doc)
  for line in io.lines(os.getenv("PANDOC_BATCH_LIST")) do
    local source, target = line:match("^(.-)\t(.*)$")
    local f = assert(io.open(source, "rb"))
    local text = f:read("a")
    f:close()
    if text:sub(1, 4) == "---\n" then
      local s, e = text:find("\n---\n", 4, true)
      if s then text = text:sub(e + 1) end
    end
    local html = pandoc.write(pandoc.read(text, "commonmark+smart+raw_html"), "html")
    local out = assert(io.open(target, "wb"))
    out:write(html)
    out:close()
  end
  return doc
end
