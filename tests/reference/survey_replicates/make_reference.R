# Replicate-weight and multistage references for govindex's survey layer: R's survey (4.1-1, Debian
# r-cran-survey) on the California API samples. Run from this folder: Rscript make_reference.R
# Writes replicates.csv and twostage.csv (numbers with %.17g, the columns of ../survey/D*.csv),
# boot_weights.csv (the bootstrap replicate weights, so tests do not depend on R's RNG) and
# VERSIONS.txt. Two runs give byte-identical files (the bootstrap is seeded).
suppressPackageStartupMessages(library(survey))
data(api)
options(survey.lonely.psu = "fail", survey.replicates.mse = FALSE)

d_clus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
d_strat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
d_clus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw, data = apiclus2)

# Bootstrap replicates of D2, written out and read back as columns (svrepdesign, combined weights).
set.seed(20261201)
boot <- as.svrepdesign(d_clus1, type = "bootstrap", replicates = 50)
boot_w <- weights(boot, "analysis")
colnames(boot_w) <- sprintf("rep%02d", seq_len(ncol(boot_w)))
num <- function(x) { x <- as.numeric(x); ifelse(is.na(x), "", ifelse(is.nan(x), "NaN", sprintf("%.17g", x))) }
bw <- as.data.frame(lapply(as.data.frame(boot_w), num))
write.csv(bw, "boot_weights.csv", row.names = FALSE, quote = FALSE)
boot_w <- as.matrix(read.csv("boot_weights.csv"))  # exactly what the tests read
clus1_boot <- cbind(apiclus1, boot_w)

designs <- list(
  J1 = list(d = as.svrepdesign(d_clus1, type = "JK1"), data = apiclus1, psu = apiclus1$dnum),
  JN = list(d = as.svrepdesign(d_strat, type = "JKn"), data = apistrat, psu = seq_len(nrow(apistrat))),
  B1 = list(d = svrepdesign(data = clus1_boot, repweights = boot_w, weights = ~pw, type = "bootstrap",
                            combined.weights = TRUE), data = apiclus1, psu = apiclus1$dnum),
  B2 = list(d = svrepdesign(data = clus1_boot, repweights = boot_w, weights = ~pw, type = "other",
                            combined.weights = TRUE, scale = 0.02, rscales = rep(1, 50), mse = TRUE),
            data = apiclus1, psu = apiclus1$dnum),
  M2 = list(d = d_clus2, data = apiclus2, psu = apiclus2$dnum)
)

rows <- list()
add <- function(design, statistic, variable, group, est, se, ci, deff, level, prob, method, ci_df, n, n_psu, na_rm) {
  rows[[length(rows) + 1]] <<- data.frame(
    design = design, statistic = statistic, variable = variable, group = group, estimate = num(est), se = num(se),
    ci_low = num(ci[1]), ci_high = num(ci[2]), deff = num(deff), level = level, prob = num(prob), method = method,
    ci_df = num(ci_df), n = n, n_psu = n_psu, na_rm = na_rm)
}
counts <- function(data, psu, keep) c(sum(keep), length(unique(psu[keep])))
for (name in names(designs)) {
  d <- designs[[name]]$d; data <- designs[[name]]$data; psu <- designs[[name]]$psu
  for (v in c("api00", "enroll")) {
    f <- as.formula(paste0("~", v))
    narm <- anyNA(data[[v]])
    keep <- !is.na(data[[v]])
    k <- counts(data, psu, keep)
    m <- svymean(f, d, deff = TRUE, na.rm = narm)
    add(name, "mean", v, "", coef(m), SE(m), confint(m), deff(m), "", NA, "wald_normal", NA, k[1], k[2], narm)
    t <- svytotal(f, d, deff = TRUE, na.rm = narm)
    add(name, "total", v, "", coef(t), SE(t), confint(t), deff(t), "", NA, "wald_normal", NA, k[1], k[2], narm)
  }
  k <- counts(data, psu, rep(TRUE, nrow(data)))
  p <- svymean(~I(api00 > 700), d, deff = TRUE)
  for (j in 1:2) {
    add(name, "mean", "I(api00 > 700)", "", coef(p)[j], SE(p)[j], confint(p)[j, ], deff(p)[j],
        c("FALSE", "TRUE")[j], NA, "wald_normal", NA, k[1], k[2], FALSE)
  }
  narm <- anyNA(data$enroll)
  keep <- !is.na(data$enroll)
  kr <- counts(data, psu, keep)
  r <- svyratio(~api.stu, ~enroll, d, na.rm = narm)
  add(name, "ratio", "api.stu/enroll", "", coef(r), SE(r), confint(r), NA, "", NA, "wald_normal", NA, kr[1], kr[2], narm)
  b <- svyby(~api00, ~stype, d, svymean, deff = TRUE)
  ci <- confint(b)
  for (j in seq_len(nrow(b))) {
    s <- as.character(b$stype[j])
    kb <- counts(data, psu, data$stype == s)
    add(name, "mean", "api00", paste0("stype=", s), b$api00[j], b$se[j], ci[j, ], b$DEff.api00[j], "", NA,
        "wald_normal", NA, kb[1], kb[2], FALSE)
  }
  q <- svyquantile(~api00, d, quantiles = c(0.25, 0.5, 0.75))
  qm <- q$api00
  for (j in 1:3) {
    add(name, "quantile", "api00", "", qm[j, 1], qm[j, 4], qm[j, 2:3], NA, "", c(0.25, 0.5, 0.75)[j],
        "woodruff_math", degf(d), k[1], k[2], FALSE)
  }
}
out <- do.call(rbind, rows)
write.csv(out[out$design != "M2", ], "replicates.csv", row.names = FALSE, quote = c(1, 2, 3, 4, 10, 12))
write.csv(out[out$design == "M2", ], "twostage.csv", row.names = FALSE, quote = c(1, 2, 3, 4, 10, 12))
info <- sapply(names(designs)[1:4], function(n) {
  d <- designs[[n]]$d
  sprintf("%s: type %s, %d replicates, scale %.17g, rscales %s, mse %s, degf %d", n, d$type, ncol(weights(d, "analysis")),
          d$scale, paste(unique(sprintf("%.17g", d$rscales)), collapse = "/"), d$mse, degf(d))
})
writeLines(c(R.version.string, paste("survey", packageVersion("survey")),
             "options: survey.lonely.psu = fail, survey.replicates.mse = FALSE, survey.ultimate.cluster = FALSE",
             "bootstrap: set.seed(20261201); as.svrepdesign(D2, type = 'bootstrap', replicates = 50)",
             info, paste("M2 degf", degf(d_clus2))), "VERSIONS.txt")
