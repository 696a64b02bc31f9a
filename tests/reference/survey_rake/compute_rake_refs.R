# Raking references for govindex's survey layer: R's survey (4.1-1, Debian r-cran-survey) rake()
# on the California API samples. Run from this folder: Rscript compute_rake_refs.R
# Writes rake_refs.csv (numbers with %.17g) and VERSIONS.txt.
suppressPackageStartupMessages(library(survey))
data(api)
pop_stype <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop_schwide <- as.data.frame(table(sch.wide = apipop$sch.wide))
pop_awards <- as.data.frame(table(awards = apipop$awards))
ctl <- list(maxit = 1000, epsilon = 1e-15, verbose = FALSE)
d2 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
d1 <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
designs <- list(
  R1 = rake(d2, list(~stype, ~sch.wide), list(pop_stype, pop_schwide), control = ctl),
  R2 = rake(d1, list(~sch.wide, ~awards), list(pop_schwide, pop_awards), control = ctl)
)
num <- function(x) { x <- as.numeric(x); ifelse(is.na(x), "", sprintf("%.17g", x)) }
rows <- list()
add <- function(design, statistic, variable, group, est, se) {
  rows[[length(rows) + 1]] <<- data.frame(design = design, statistic = statistic, variable = variable,
                                          group = group, estimate = num(est), se = num(se))
}
for (name in names(designs)) {
  d <- designs[[name]]
  for (v in c("api00", "enroll")) {
    f <- as.formula(paste0("~", v))
    m <- svymean(f, d); add(name, "mean", v, "", coef(m), SE(m))
    t <- svytotal(f, d); add(name, "total", v, "", coef(t), SE(t))
  }
  r <- svyratio(~api.stu, ~enroll, d); add(name, "ratio", "api.stu/enroll", "", coef(r), SE(r))
  b <- svyby(~api00, ~stype, d, svymean)
  for (k in seq_len(nrow(b))) add(name, "mean", "api00", paste0("stype=", b$stype[k]), b$api00[k], b$se[k])
  w <- weights(d)
  add(name, "weight_sum", "", "", sum(w), NA)
  add(name, "weight_first", "", "", w[1], NA)
  add(name, "weight_last", "", "", w[length(w)], NA)
}
out <- do.call(rbind, rows)
write.csv(out, "rake_refs.csv", row.names = FALSE, quote = c(1, 2, 3, 4))
writeLines(c(R.version.string, paste("survey", packageVersion("survey")),
             "rake control: maxit = 1000, epsilon = 1e-15 (times the sum of the weights)",
             paste("population sch.wide:", paste(pop_schwide$sch.wide, pop_schwide$Freq, collapse = ", ")),
             paste("population awards:", paste(pop_awards$awards, pop_awards$Freq, collapse = ", "))),
           "VERSIONS.txt")
