package holdfast.console.status;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

/** The mode banner shown above every screen: icon, text and colour, bound to the status view model. */
public final class BannerView extends HBox {

    public BannerView(StatusViewModel model) {
        Label icon = new Label();
        icon.setId("banner-icon");
        icon.setStyle("-fx-font-size: 18px;");
        Label text = new Label();
        text.setId("banner-text");
        text.setWrapText(true);
        text.setStyle("-fx-font-size: 14px; -fx-font-weight: bold;");
        setId("banner");
        setSpacing(10);
        setPadding(new Insets(8, 12, 8, 12));
        getChildren().addAll(icon, text);
        model.bannerProperty().addListener((obs, old, banner) -> show(banner, icon, text));
        show(model.bannerProperty().get(), icon, text);
    }

    private void show(Banner banner, Label icon, Label text) {
        icon.setText(banner.icon());
        text.setText(banner.text());
        getProperties().put("severity", banner.severity());
        String colours = switch (banner.severity()) {
            case "OK" -> "#e6f4ea; -fx-text-fill: #0d5323";
            case "WARNING" -> "#fff4ce; -fx-text-fill: #5c4400";
            case "ALERT" -> "#fde7e9; -fx-text-fill: #8a1020";
            case "UNREACHABLE" -> "#e8e8e8; -fx-text-fill: #202020";
            default -> "#e8f0fe; -fx-text-fill: #0b3a82";
        };
        setStyle("-fx-background-color: " + colours.split(";")[0] + ";");
        String fill = colours.split(";")[1];
        icon.setStyle("-fx-font-size: 18px;" + fill + ";");
        text.setStyle("-fx-font-size: 14px; -fx-font-weight: bold;" + fill + ";");
        text.setAccessibleText(banner.severity() + ": " + banner.text());
    }
}
