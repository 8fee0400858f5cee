/* A tiny app on the installed octet package: loads MODEL, fills its input from INPUT (a raw file of
 * exactly the input's byte size), runs it and writes the first output to OUTPUT.
 *
 *   consumer MODEL INPUT OUTPUT
 */
#include <stdio.h>
#include <stdlib.h>

#include <octet/octet.h>

static int fail(const char* what) {
  fprintf(stderr, "consumer: %s: %s\n", what, octet_last_error());
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: consumer MODEL INPUT OUTPUT\n");
    return 2;
  }
  octet_model* model = NULL;
  if (octet_model_load_file(argv[1], &model) != OCTET_OK) return fail(argv[1]);
  octet_session* session = NULL;
  if (octet_session_create(model, NULL, &session) != OCTET_OK) return fail("octet_session_create");
  octet_model_destroy(model); /* the session keeps the model alive */

  octet_tensor_info in, out;
  if (octet_session_input_info(session, 0, &in) != OCTET_OK) return fail("input 0");
  if (octet_session_output_info(session, 0, &out) != OCTET_OK) return fail("output 0");

  FILE* f = fopen(argv[2], "rb");
  if (f == NULL || fread(octet_session_input_data(session, 0), 1, in.byte_size, f) != in.byte_size) {
    fprintf(stderr, "consumer: cannot read %zu bytes from %s\n", in.byte_size, argv[2]);
    return 1;
  }
  fclose(f);

  if (octet_session_run(session) != OCTET_OK) return fail("octet_session_run");

  f = fopen(argv[3], "wb");
  if (f == NULL || fwrite(octet_session_output_data(session, 0), 1, out.byte_size, f) != out.byte_size) {
    fprintf(stderr, "consumer: cannot write %s\n", argv[3]);
    return 1;
  }
  fclose(f);
  printf("octet %s, isa %s: %d ops, output '%s' %zu bytes\n", octet_version(), octet_session_isa(session),
         (int)octet_session_num_ops(session), out.name, out.byte_size);
  octet_session_destroy(session);
  return 0;
}
