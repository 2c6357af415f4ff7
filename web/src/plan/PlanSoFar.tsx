import { Alert } from "@mui/material";
import { useTranslation } from "react-i18next";

import type { Plan } from "./plan";

// The plan in one line, announced to a screen reader each time it is made again (the whole
// plan is too long to be read out at every answer).
export default function PlanSoFar({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  return (
    <Alert severity="info" role="status" data-testid="plan-so-far">
      {t("newCase.planSoFar", {
        eligible: plan.services.filter((service) => service.status === "eligible").length,
        needsInfo: plan.services.filter((service) => service.status === "needs_info").length,
        level: t(`level.${plan.complexity.level}`),
        tier: t(`tier.${plan.tier}`),
      })}
    </Alert>
  );
}
