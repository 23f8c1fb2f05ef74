# dev-sets.R - quarterly data sets other than M3, in bench-m3's CSV format (series,period,value),
# for choosing forecasting designs on data the published M3 figures never see: the 427
# quarterly series of the tourism forecasting competition (Athanasopoulos, Hyndman, Song & Wu
# 2011; R package Tcomp, data `tourism`) and the 203 quarterly series of the M1 competition
# (Makridakis et al. 1982; R package Mcomp, data `M1`), each with its own test part (h = 8).
#
# usage: Rscript dev-sets.R OUT_DIR [tourism.rda M1.rda]
# Without the .rda paths the data come from the installed packages Tcomp and Mcomp (CRAN; not
# in Debian). Writes OUT_DIR/{tourism,m1}-{train,test}.csv. M1 series without calendar dates
# (years 1, 2, ...) get the years 1901, 1902, ... so that every period is YYYYQn.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1 && length(args) != 3)
  stop("usage: Rscript dev-sets.R OUT_DIR [tourism.rda M1.rda]")
out <- args[1]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
if (length(args) == 3) {
  load(args[2])
  load(args[3])
} else {
  data("tourism", package = "Tcomp")
  data("M1", package = "Mcomp")
}
write_set <- function(collection, name) {
  sel <- Filter(function(s) tolower(s$period) == "quarterly", collection)
  files <- file.path(out, paste0(name, c("-train.csv", "-test.csv")))
  cons <- lapply(files, file, open = "w")
  for (con in cons) cat("series,period,value\n", file = con)
  one <- function(id, x, con) {
    t <- time(x)
    y <- floor(t + 1e-6)
    q <- round((t - y) * 4) + 1
    y <- ifelse(y < 1000, y + 1900, y)
    cat(sprintf("%s,%dQ%d,%.10g\n", id, y, q, as.numeric(x)), sep = "", file = con)
  }
  for (s in sel) {
    id <- paste0(name, "-", s$sn)
    one(id, s$x, cons[[1]])
    one(id, s$xx, cons[[2]])
  }
  for (con in cons) close(con)
  cat(name, length(sel), "quarterly series:", files, "\n")
}
write_set(tourism, "tourism")
write_set(M1, "m1")
