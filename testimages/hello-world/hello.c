/*
 * The program of Berth's hello-world test image: writes one message to stdout with plain write(2)
 * calls and exits 0, so the static binary stays small and needs nothing from the image.
 */
#include <unistd.h>

static const char message[] =
    "\n"
    "Hello from Berth!\n"
    "If you can read this, your Berth installation works end to end.\n"
    "\n"
    "To show you this, Berth went through these steps:\n"
    " 1. The berth client contacted the berthd daemon.\n"
    " 2. berthd pulled the \"hello-world\" image from the registry.\n"
    " 3. berthd created a new container from that image and started it;\n"
    "    the container's program wrote this message.\n"
    " 4. berthd streamed that output to the berth client, which showed it\n"
    "    in your terminal.\n"
    "\n"
    "Next, start something you can talk to:\n"
    " $ berth run -it busybox sh\n"
    "\n";

int main(void) {
    const char *p = message;
    size_t left = sizeof(message) - 1;
    while (left > 0) {
        ssize_t n = write(STDOUT_FILENO, p, left);
        if (n <= 0) {
            return 1;
        }
        p += n;
        left -= (size_t) n;
    }
    return 0;
}
