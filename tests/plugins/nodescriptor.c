/* A test shared object that exports no descriptor. */
#include "convert/plugin.h"

CV_EXPORT int cv_plugin_something_else = 42;
