# quotecheck - install rules: the binary, the static library with its public headers, the
# default rule pack, the man page, and a CMake package so that
#   find_package(quotecheck 0.1 REQUIRED)
#   target_link_libraries(app PRIVATE quotecheck::core)
# works against the installed tree. Included by the top-level CMakeLists.txt.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(QUOTECHECK_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/quotecheck)

set_target_properties(quotecheck_core PROPERTIES EXPORT_NAME core OUTPUT_NAME quotecheck)
install(TARGETS quotecheck_core EXPORT quotecheckTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS quotecheck RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Public headers only; lib/src's private headers stay behind.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/lib/include/quotecheck
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/ DESTINATION ${CMAKE_INSTALL_DATADIR}/quotecheck/rules)
install(FILES ${PROJECT_SOURCE_DIR}/docs/quotecheck.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

install(EXPORT quotecheckTargets NAMESPACE quotecheck:: DESTINATION ${QUOTECHECK_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/quotecheckConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/quotecheckConfig.cmake
                              INSTALL_DESTINATION ${QUOTECHECK_CMAKE_DIR}
                              PATH_VARS CMAKE_INSTALL_DATADIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/quotecheckConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/quotecheckConfig.cmake ${PROJECT_BINARY_DIR}/quotecheckConfigVersion.cmake
        DESTINATION ${QUOTECHECK_CMAKE_DIR})
