"""The producer's catalogue as a CSV file: download it, edit it in a spreadsheet, send it back."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from shop.access import producer_required
from shop.catalogue.csv_io import COLUMNS, catalogue_export, catalogue_import
from shop.producer_space.access import space_producer
from shop.producer_space.forms.catalogue_csv import CatalogueImportForm
from shop.producer_space.views.common import redirect_space, render_space


@producer_required
def catalogue_download(request: HttpRequest) -> HttpResponse:
    producer = space_producer(request)
    if producer is None:
        return redirect("producer_space:home")
    name = f"catalogue-{slugify(producer.farm_name)}-{timezone.localdate():%Y-%m-%d}.csv"
    return HttpResponse(
        catalogue_export(producer=producer),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@producer_required
def catalogue_upload(request: HttpRequest) -> HttpResponse:
    producer = space_producer(request)
    if producer is None:
        return redirect("producer_space:home")
    form = CatalogueImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            summary = catalogue_import(producer=producer, upload=form.cleaned_data["file"])
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(
                request,
                _(
                    "Catalogue imported: %(pc)d products added, %(pu)d updated; "
                    "%(vc)d variants added, %(vu)d updated."
                )
                % {
                    "pc": summary.products_created,
                    "pu": summary.products_updated,
                    "vc": summary.variants_created,
                    "vu": summary.variants_updated,
                },
            )
            return redirect_space(request, producer, "producer_space:products")
    return render_space(
        request,
        "catalogue_csv.html",
        producer,
        {"form": form, "problems": problems, "columns": COLUMNS},
    )
