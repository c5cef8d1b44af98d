# search.mk - builds the search benchmark's driver with the main Makefile's flags and objects:
#   make -f Makefile -f bench/search.mk build/bench/bench_search   (bench/search.sh does this)
build/bench/bench_search: bench/bench_search.c $(LIBOBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBOBJS) $(LIBS)
