"""`make bench`: the figures that show the program is quick and small, as ratios to bare Qt."""
