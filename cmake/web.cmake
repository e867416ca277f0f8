# Phones as replicas (--listen): libevent's HTTP server (libevent_extra),
# jansson for the JSON phones send, libqrencode for the QR code on the
# dashboard, and the page's files embedded as C arrays at build time.
pkg_check_modules(LIBEVENT_EXTRA REQUIRED IMPORTED_TARGET libevent_extra)
pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET jansson)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
set(WEB_LIBRARIES PkgConfig::LIBEVENT_EXTRA PkgConfig::JANSSON
    PkgConfig::QRENCODE)

set(WEB_ASSET_DIR ${PROJECT_SOURCE_DIR}/assets/web)
set(WEB_ASSET_FILES ${WEB_ASSET_DIR}/index.html ${WEB_ASSET_DIR}/app.js
    ${WEB_ASSET_DIR}/style.css)
set(WEB_ASSETS_C ${CMAKE_BINARY_DIR}/generated/web-assets.c)
add_custom_command(
  OUTPUT ${WEB_ASSETS_C}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/generated
  COMMAND ${CMAKE_COMMAND} -DOUT=${WEB_ASSETS_C} -DSRC=${WEB_ASSET_DIR}
          -P ${PROJECT_SOURCE_DIR}/cmake/embed-web.cmake
  DEPENDS ${WEB_ASSET_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed-web.cmake
  COMMENT "Embedding the phone page (assets/web)")
