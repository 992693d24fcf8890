/*
 * The libcmark floor: the least work any CommonMark site generator built on libcmark can do.
 *
 *   cmark-floor SRC_DIR OUT_DIR
 *
 * Reads every *.md file under SRC_DIR (recursively), skips a leading YAML front-matter block
 * (--- ... ---), parses the rest with libcmark, renders HTML (CMARK_OPT_UNSAFE |
 * CMARK_OPT_SMART, as Almanac's benchmark site does), and writes it to OUT_DIR/<path>.html,
 * creating folders as needed. One thread, no templates, no links, no data. OUT_DIR should be
 * empty (or absent).
 *
 * Build: gcc -O2 -o cmark-floor Benchmarks/cmark-floor.c $(pkg-config --cflags --libs libcmark)
 */
#define _GNU_SOURCE
#include <cmark.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *src_root;
static size_t src_len;
static const char *out_root;
static long files, bytes_in, bytes_out;

static int make_parents(char *path) {
  for (char *p = path + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
      perror(path);
      *p = '/';
      return -1;
    }
    *p = '/';
  }
  return 0;
}

/* Skips "---\n ... \n---\n" at the start of the text; returns where the body starts. */
static size_t body_start(const char *text, size_t len) {
  if (len < 4 || strncmp(text, "---\n", 4) != 0) return 0;
  const char *end = memmem(text + 3, len - 3, "\n---\n", 5);
  return end ? (size_t)(end - text) + 5 : 0;
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)ftw;
  size_t n = strlen(path);
  if (type != FTW_F || n < 3 || strcmp(path + n - 3, ".md") != 0) return 0;

  FILE *in = fopen(path, "rb");
  if (!in) { perror(path); return 1; }
  char *text = malloc((size_t)st->st_size + 1);
  size_t len = fread(text, 1, (size_t)st->st_size, in);
  fclose(in);

  size_t start = body_start(text, len);
  cmark_node *doc =
      cmark_parse_document(text + start, len - start, CMARK_OPT_UNSAFE | CMARK_OPT_SMART);
  char *html = cmark_render_html(doc, CMARK_OPT_UNSAFE | CMARK_OPT_SMART);
  size_t html_len = strlen(html);

  char out_path[4096];
  snprintf(out_path, sizeof out_path, "%s/%.*s.html", out_root, (int)(n - src_len - 3),
           path + src_len);
  if (make_parents(out_path) != 0) return 1;
  FILE *out = fopen(out_path, "wb");
  if (!out) { perror(out_path); return 1; }
  fwrite(html, 1, html_len, out);
  fclose(out);

  files++;
  bytes_in += (long)len;
  bytes_out += (long)html_len;
  free(html);
  cmark_node_free(doc);
  free(text);
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s SRC_DIR OUT_DIR\n", argv[0]);
    return 2;
  }
  src_root = argv[1];
  src_len = strlen(src_root);
  out_root = argv[2];
  if (mkdir(out_root, 0755) != 0 && errno != EEXIST) { perror(out_root); return 1; }
  if (nftw(src_root, visit, 64, FTW_PHYS) != 0) return 1;
  fprintf(stderr, "cmark-floor: %ld files, %ld bytes in, %ld bytes out\n", files, bytes_in,
          bytes_out);
  return 0;
}
