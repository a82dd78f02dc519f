# embed_files(TARGET_SOURCE_VAR NAME BASE_DIR FILES...)
# Turns files into a generated C++ source defining
#   std::span<const dockpoint::EmbeddedFile> dockpoint::embedded::NAME()
# so the binary carries its web pages and SQL migrations.
set(DOCKPOINT_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_generate.cmake)

function(embed_files out_var name base_dir)
  set(output ${CMAKE_CURRENT_BINARY_DIR}/embedded_${name}.cpp)
  set(inputs)
  foreach(f IN LISTS ARGN)
    list(APPEND inputs ${base_dir}/${f})
  endforeach()
  string(REPLACE ";" "|" files_arg "${ARGN}")
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DNAME=${name} -DBASE_DIR=${base_dir} "-DFILES=${files_arg}"
            -DOUTPUT=${output} -P ${DOCKPOINT_EMBED_SCRIPT}
    DEPENDS ${inputs} ${DOCKPOINT_EMBED_SCRIPT}
    COMMENT "Embedding ${name} files"
    VERBATIM)
  set(${out_var} ${output} PARENT_SCOPE)
endfunction()
