# Embeds the phone page's files (assets/web/) in the program as C arrays,
# so that gcounter serves them with nothing to install and nothing fetched
# from anywhere. Run at build time (cmake -P) whenever a file changes:
#   cmake -DOUT=web-assets.c -DSRC=assets/web -P embed-web.cmake
# Each entry: the URL path, the file, its content type (all UTF-8 text).
set(entries
    "/|index.html|text/html"
    "/app.js|app.js|text/javascript"
    "/style.css|style.css|text/css")

set(body "/* Made by cmake/embed-web.cmake from assets/web/: do not edit. */\n")
string(APPEND body "#include \"app/web-assets.h\"\n\n")
set(table "")
set(index 0)
foreach(entry IN LISTS entries)
  string(REPLACE "|" ";" parts "${entry}")
  list(GET parts 0 url)
  list(GET parts 1 file)
  list(GET parts 2 type)
  file(READ "${SRC}/${file}" hex HEX)
  string(LENGTH "${hex}" hex_len)
  math(EXPR size "${hex_len} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  # Sixteen bytes a line keeps the file readable and diffs small.
  string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n\t" bytes
         "${bytes}")
  string(APPEND body "static const unsigned char asset_${index}[] = {\n\t"
         "${bytes}0x00};\n\n")
  string(APPEND table "\t{.path = \"${url}\", .type = \"${type}; charset=utf-8\",\n"
         "\t .data = asset_${index}, .size = ${size}},\n")
  math(EXPR index "${index} + 1")
endforeach()
string(APPEND body "const struct web_asset web_assets[] = {\n${table}};\n")
string(APPEND body "const size_t web_asset_count = ${index};\n")
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
