"""Running the pipeline on every core (`pool`) and across machines with Dask (`distributed`)."""
